"""A small mixed-domain catalog built in code, for index tests."""

from decimal import Decimal

from assistant.catalog.model import Product, Variant


def variant(sku: str, price: str, size=None, color=None, stock=5, sale=None) -> Variant:
    return Variant(sku=sku, price=Decimal(price), size=size, color=color, stock=stock,
                   sale_price=Decimal(sale) if sale else None)


def sample_products() -> list[Product]:
    return [
        Product(id="trail-runner", title="Trailblazer Running Shoe", brand="Stride",
                category=("Shoes", "Running"), description="Lightweight trail running shoe with grippy sole.",
                variants=(variant("TR-9-BLK", "89", "9", "Black"), variant("TR-10-BLU", "89", "10", "Blue", stock=0))),
        Product(id="rain-jacket", title="Storm Shell Jacket", brand="Northpeak",
                category=("Clothing", "Jackets"), description="Waterproof breathable rain jacket for hiking.",
                variants=(variant("SJ-M-BLK", "120", "M", "Black"), variant("SJ-L-RED", "120", "L", "Red"))),
        Product(id="fleece", title="Cozy Fleece Pullover", brand="Northpeak",
                category=("Clothing", "Sweaters"), description="Warm fleece for cold mornings and camping.",
                variants=(variant("CF-S-GRN", "45", "S", "Green"), variant("CF-M-BLK", "45", "M", "Black", stock=0))),
        Product(id="espresso", title="Barista Pro Espresso Machine", brand="Caffio",
                category=("Kitchen", "Coffee"), description="15 bar pump espresso maker with milk frother.",
                variants=(variant("BP-1", "299", sale="249"),)),
        Product(id="grinder", title="Burr Coffee Grinder", brand="Caffio",
                category=("Kitchen", "Coffee"), description="Conical burr grinder for fresh coffee beans.",
                variants=(variant("BG-1", "79"),)),
        Product(id="novel", title="The Silent Harbor (Paperback)", brand="Penbrook Press",
                category=("Books", "Fiction"), description="A mystery novel set in a fishing village.",
                variants=(variant("SH-PB", "14.99"),)),
        Product(id="desk", title="Oak Standing Desk", brand="Woodform",
                category=("Furniture", "Office"), description="Height adjustable standing desk in solid oak.",
                variants=(variant("OD-1", "549"),)),
        Product(id="headphones", title="QuietWave X2 Wireless Headphones", brand="Sonique",
                category=("Electronics", "Audio"), description="Noise cancelling over-ear bluetooth headphones.",
                variants=(variant("QW-X2-BLK", "199", color="Black"), variant("QW-X2-WHT", "199", color="White"))),
    ]
