"""The running order of an item (식순), the day as it runs (live control, now and next, venue
screens), cue sheets and programme versions: part of the events base layer."""
