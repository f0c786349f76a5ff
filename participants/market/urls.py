from django.urls import path

from participants.market import views

urlpatterns: list = [
    path("vendor/", views.vendor_home, name="vendor_home"),
    path("vendor/profile/", views.vendor_profile, name="vendor_profile"),
    path("vendor/application/", views.vendor_application, name="vendor_application"),
    path(
        "vendor/application/withdraw/",
        views.vendor_application_withdraw,
        name="vendor_application_withdraw",
    ),
    path("vendor/permits/", views.vendor_permits, name="vendor_permits"),
    path("vendor/permits/<int:pk>/scan/", views.vendor_permit_scan, name="vendor_permit_scan"),
    path(
        "vendor/permits/<int:pk>/delete/", views.vendor_permit_delete, name="vendor_permit_delete"
    ),
    path("vendor/products/", views.vendor_products, name="vendor_products"),
    path("vendor/products/add/", views.vendor_product_add, name="vendor_product_add"),
    path("vendor/products/<int:pk>/edit/", views.vendor_product_edit, name="vendor_product_edit"),
    path(
        "vendor/products/<int:pk>/delete/",
        views.vendor_product_delete,
        name="vendor_product_delete",
    ),
    path(
        "market/products/<int:pk>/<str:size>/",
        views.product_photo,
        name="product_photo",
    ),
    path("market/", views.market, name="market"),
    path("market/plan/", views.market_plan, name="market_plan"),
    path("market/<int:pk>/", views.market_vendor, name="market_vendor"),
]
