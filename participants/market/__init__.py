"""The market: vendors, stall applications, permits, stalls, products, the stall plan."""
