"""PDF documents with reportlab; texts come from resources/templates."""
