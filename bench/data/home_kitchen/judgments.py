"""Shopper queries for the Hearth & Harbor catalog and the rules that grade its products (run to rewrite the TSVs).

Grades as for Luma: 3 = what was asked for, 2 = good substitute or partial match, 1 = related, 0 = not
relevant. Judged against the catalog's own titles, descriptions, categories, materials and prices.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.judging import Query, attribute, brand, category, color, ids, price_at_most, size, text, title, write

SKILLET = category("skillets & frying pans")
POTS = category("pots & saucepans")
SETS = category("cookware sets")
COOKWARE = SKILLET | POTS | SETS
BAKE = category("bakeware")
KNIVES = category("knives & cutlery")
BOARDS = category("cutting boards")
TOOLS = category("utensils & gadgets")
COFFEE = category("coffee & tea")
APPLIANCES = category("small appliances")
STORAGE = category("food storage")
DINING = category("dinnerware & drinkware")
BEDDING = category("bedding")
BATH = category("bath")
CLEANING = category("cleaning")
ORGANIZING = category("storage & organization")
NONSTICK = text(r"non-?stick") & ~text(r"safe for nonstick|won't scratch nonstick")
AIR_FRYER = title("air fryer")
DUTCH = title("dutch oven")
SHEETS = title("sheet set")
MULTICOOKER = ids("simmerly-6-quart-multicooker", "simmerly-8-quart-multicooker")
KETTLE = title("kettle")

QUERIES = [
    # Cookware
    Query("cast iron skillet", title("cast iron skillet"), SKILLET & attribute("cast iron") | DUTCH, SKILLET),
    Query("cast iorn pan", SKILLET & attribute("^cast iron"), DUTCH | title("carbon steel skillet"), SKILLET),
    Query("nonstick frying pan", SKILLET & NONSTICK & ~attribute("carbon steel|cast iron"), (COOKWARE & NONSTICK), SKILLET),
    Query("non toxic frying pan no forever chemicals", SKILLET & title("ceramic"),
          SKILLET & attribute("^(cast iron|stainless steel|carbon steel)$") | title("ceramic"), SKILLET),
    Query("dutch oven", DUTCH, text("dutch oven") & COOKWARE, POTS),
    Query("red enameled dutch oven", DUTCH & color("cherry red"), DUTCH, attribute("enameled")),
    Query("induction compatible cookware set", SETS & text("induction") & ~text("not induction"),
          SETS & text("all cooktops"), (SKILLET | POTS) & text("induction") & ~text("not induction")),
    Query("big pot for soup", title("stock pot|dutch oven"), title("pasta pot|slow cooker|multi-cooker|pressure cooker"), POTS),
    Query("wok", title(r"\bwok\b"), SKILLET & attribute("carbon steel"), SKILLET),
    Query("stir fry pan", title(r"\bwok\b"), SKILLET & (attribute("carbon steel") | title("sauté|skillet")), SKILLET),
    Query("stainless steel pans", COOKWARE & attribute("stainless"), grade1=COOKWARE),
    Query("cookware set for my first apartment", SETS, grade1=SKILLET | POTS),
    Query("cheap nonstick pan under 20", SKILLET & NONSTICK & price_at_most(20), SKILLET & NONSTICK, POTS & NONSTICK & price_at_most(20)),
    Query("pan for pancakes", title("griddle"), SKILLET & NONSTICK, SKILLET),
    Query("stellan saucepan", ids("stellan-2-quart-saucepan"), POTS & brand("stellan"), POTS),
    # Bakeware
    Query("sheet pan", title("sheet pans"), title("cooling racks|baking mats"), BAKE),
    Query("muffin tin", title("muffin"), grade1=BAKE),
    Query("cheesecake pan", title("springform"), title("cake pans"), BAKE),
    Query("baking supplies for a beginner baker", BAKE, title("mixer|measuring cups|scale|whisk|spatula"), TOOLS),
    Query("bread pan", title("loaf pan"), title("bread machine"), BAKE),
    Query("casserole dish", title("baking dish"), DUTCH | title("pie dish"), BAKE),
    Query("rolling pin", title("rolling pin"), grade1=BAKE),
    Query("mixing bowls", title("mixing bowls"), grade1=BAKE),
    Query("make pizza at home", text("pizza"), title("rolling pin|sheet pans"), BAKE),
    # Knives and boards
    Query("japanese chef knife", title("kiyomi") & title("chef|santoku"), title("nakiri") | title("chef's knife"), KNIVES),
    Query("damascus knife", KNIVES & title("damascus") | KNIVES & attribute("damascus"), title("nakiri"), KNIVES),
    Query("knife set with block", title("knife block"), title("steak knives|paring knife set"), KNIVES),
    Query("bread knife", title("bread knife"), title("knife block"), KNIVES),
    Query("knife sharpener", title("whetstone|sharpener"), title("knife block"), KNIVES),
    Query("sharpening stone", title("whetstone"), title("sharpener"), KNIVES),
    Query("vegetable cleaver", title("nakiri"), title("santoku|chef"), KNIVES),
    Query("wooden cutting board", BOARDS & attribute("wood|bamboo") & title("board"), title("serving board|board butter"), BOARDS),
    Query("butcher block", title("end grain"), title("maple cutting board"), BOARDS),
    Query("dishwasher safe cutting board", BOARDS & text("dishwasher safe"), grade1=BOARDS),
    # Utensils and gadgets
    Query("meat thermometer", title("thermometer"), grade1=TOOLS),
    Query("bbq thermometer wireless", title("wireless") & title("thermometer"), title("thermometer"), TOOLS),
    Query("kitchen scale", title("kitchen scale"), title("coffee scale"), TOOLS),
    Query("spatula for nonstick pans", title("spatula"), title("olive wood|utensil set"), TOOLS),
    Query("salad spinner", title("salad spinner"), grade1=TOOLS),
    Query("something to dry lettuce", title("salad spinner"), grade1=title("colander")),
    Query("mandolin slicer", title("mandoline"), title("food processor"), TOOLS),
    Query("zester for lemons", title("zester"), title("citrus juicer"), TOOLS),
    Query("oven mitts", title("oven mitts"), grade1=TOOLS),
    Query("apron", title("apron"), grade1=title("kitchen towels")),
    Query("dish towels", title("kitchen towels"), title("microfiber cloths|waffle towels"), TOOLS),
    Query("kitchen gadgets under 15 dollars", TOOLS & price_at_most(15), TOOLS & price_at_most(20), TOOLS),
    # Coffee and tea
    Query("coffee maker", title("coffee maker|coffee brewer"), title("espresso|french press|pour-over|moka|cold brew"), COFFEE),
    Query("espresso machine", title("espresso machine"), title("moka pot|electric milk frother"), COFFEE),
    Query("expresso maker", title("espresso machine|moka pot"), title("milk frother|coffee maker"), COFFEE),
    Query("burr grinder", title(r"\bburr\b"), title("grinder"), COFFEE),
    Query("cheap coffee grinder", ids("brewhaus-blade-grinder"), title("grinder"), COFFEE),
    Query("gooseneck kettle", title("gooseneck"), KETTLE, COFFEE),
    Query("electric kettle", title("electric kettle"), KETTLE, COFFEE),
    Query("tea kettle for the stove", title("stovetop tea kettle"), title("electric kettle"), title("teapot")),
    Query("loose leaf tea", title("teapot"), title("french press|gooseneck"), COFFEE),
    Query("make lattes at home", title("espresso machine"), title("milk frother"), title("moka pot|double wall")),
    Query("milk frother", title("milk frother"), title("espresso machine"), COFFEE),
    Query("iced coffee", title("cold brew"), title("glass pitcher|travel mug|ice maker"), COFFEE),
    Query("travel mug that keeps coffee hot", title("travel mug"), title("insulated water bottle|thermal carafe"), COFFEE),
    Query("pour over coffee setup", title("pour-over|gooseneck"), title("coffee scale|burr grinder"), COFFEE),
    Query("keep coffee beans fresh", title("coffee canister"), title("pantry canisters|vacuum sealer$"), COFFEE),
    Query("gift for a coffee lover", COFFEE & text(r"coffee|espresso|latte"), COFFEE, title("mugs|coffee glasses")),
    Query("brewhaus espresso", ids("brewhaus-espresso-machine"), title("moka pot"), brand("brewhaus")),
    # Small appliances
    Query("instant pot", MULTICOOKER, title("slow cooker|rice cooker"), APPLIANCES),
    Query("crock pot", title("slow cooker"), MULTICOOKER, APPLIANCES),
    Query("pressure cooker", MULTICOOKER, title("slow cooker"), APPLIANCES),
    Query("air fryer", AIR_FRYER, title("toaster oven"), APPLIANCES),
    Query("airfryer big enough for a family", AIR_FRYER & title("10-quart|8-quart"), AIR_FRYER, title("toaster oven")),
    Query("voltique 5 qt air fryer", ids("voltique-5-quart-air-fryer"), AIR_FRYER, brand("voltique")),
    Query("smoothie blender", title("high-speed blender|personal blender"), title("immersion"), title("juicer")),
    Query("stand mixer", title("stand mixer"), title("hand mixer"), title("bread machine")),
    Query("kitchenaid mixer", title("stand mixer"), title("hand mixer"), APPLIANCES),
    Query("toaster", title(r"slice.*toaster$|slice wide slot toaster"), title("toaster oven"), APPLIANCES),
    Query("toaster for bagels", ids("voltique-2-slice-toaster"), ids("voltique-4-slice-toaster"), title("toaster oven")),
    Query("rice cooker", title("rice cooker"), MULTICOOKER, APPLIANCES),
    Query("make beef jerky", title("dehydrator"), title("air fryer oven"), APPLIANCES | title("vacuum sealer$")),
    Query("juicer for celery", title("slow masticating juicer"), title("citrus juicer|high-speed blender"), APPLIANCES),
    Query("waffle iron", title("waffle maker"), grade1=title("griddle")),
    Query("sous vide", title("sous vide"), title("vacuum sealer"), title("thermometer")),
    Query("healthy snacks", title("popcorn|dehydrator"), AIR_FRYER, APPLIANCES),
    # Food storage and dining
    Query("meal prep containers", title("meal prep|glass food storage"), title("bento|silicone food storage"), STORAGE),
    Query("glass tupperware", title("glass food storage"), title("meal prep"), STORAGE),
    Query("plastic free food storage", title("beeswax|silicone food storage|bento"), title("glass food storage|spice jars"), STORAGE),
    Query("kids lunch box", title("bento"), title("meal prep|silicone food storage"), STORAGE),
    Query("water bottle", title("water bottle"), title("travel mug"), STORAGE),
    Query("something to keep drinks cold", title("water bottle|ice maker|travel mug"), title("pitcher"), STORAGE | DINING),
    Query("spice organizer", title("spice jars|lazy susan"), title("drawer organizer|pantry canisters"), ORGANIZING),
    Query("dinnerware set for 4", title("dinnerware set"), title("plates|pasta bowls|flatware"), DINING),
    Query("wine glasses", title("wine glasses"), title("drinking glasses"), DINING),
    Query("coffee mugs", title("coffee mugs"), title("double wall|travel mug"), DINING),
    Query("silverware", title("flatware"), title("steak knives"), title("drawer organizer")),
    Query("housewarming gift", text("housewarming"), DINING | text(r"\bgift\b"), BEDDING),
    Query("organize pots and pans", title("lid organizer"), ORGANIZING | title("magnetic knife"), CLEANING & title("rack")),
    # Bedding and bath
    Query("queen sheets", SHEETS & size("queen"), BEDDING & (size("queen") | size("full/queen")), BEDDING),
    Query("cooling sheets for hot sleepers", SHEETS & text(r"cool|breathable|temperature"), title("cooling pillowcases") | SHEETS, BEDDING),
    Query("flannel sheets king", title("flannel") & size("king"), SHEETS, BEDDING),
    Query("linen bedding", BEDDING & attribute("linen"), attribute("linen"), BEDDING),
    Query("comforter", title("comforter"), title("duvet cover|weighted blanket|throw"), BEDDING),
    Query("pillow for neck pain", title("memory foam pillow"), title("down pillows"), title("pillowcases")),
    Query("weighted blanket", title("weighted blanket"), title("throw|comforter"), BEDDING),
    Query("waterproof mattress protector", title("mattress protector"), grade1=BEDDING),
    Query("northfield percale queen white", title("percale"), SHEETS, BEDDING),
    Query("bath towels", title("bath towel|bath sheets"), title("waffle towels|beach towel"), BATH | title("kitchen towels")),
    Query("quick dry towel for the gym", title("waffle towels"), title("bath towel|bath sheets"), title("beach towel")),
    Query("bath mat", title("bath mat"), grade1=BATH),
    Query("bathrobe", title("bathrobe"), grade1=BATH),
    # Cleaning
    Query("cordless vacuum", title("cordless") & title("vacuum"), title("vacuum"), CLEANING),
    Query("vacuum for pet hair", title("vacuum") & text("pet hair"), title("vacuum") | title("air purifier"), CLEANING),
    Query("robot vaccum", title("robot vacuum"), title("vacuum"), CLEANING),
    Query("mop for hardwood floors", title(r"\bmop\b"), title("microfiber cloths"), CLEANING),
    Query("air purifier for allergies", title("air purifier"), title("vacuum") & text("hepa"), CLEANING),
    Query("dish rack", title("drying rack"), title("kitchen towels|dish brush"), CLEANING),
    Query("garbage can", title("trash can"), grade1=CLEANING),
    # Brands and models
    Query("ironvale", brand("ironvale")),
    Query("kiyomi santoku", ids("kiyomi-santoku-knife"), brand("kiyomi"), KNIVES),
]


def main(argv: list[str]) -> int:
    """Read the feed and write queries.tsv and qrels.tsv beside this file."""
    from assistant.catalog.importers import read_catalog

    here = Path(__file__).parent
    feed = Path(argv[1]) if len(argv) > 1 else here / "hearth_harbor_feed.tsv"
    result = read_catalog(feed)
    queries, qrels = write(QUERIES, result.products, here, "H")
    print(f"{queries} queries, {qrels} judged (query, product) pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
