"""The Hearth & Harbor home and kitchen catalog, written for this project (CC0): run to rewrite the feed TSV."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ("id", "item_group_id", "title", "description", "brand", "price", "sale_price", "availability",
           "product_type", "color", "size", "material", "link")
STORE_URL = "https://hearth-and-harbor.example/products/"


@dataclass(frozen=True)
class Item:
    """One product; colours and sizes (with optional per-size prices) become variants."""

    id: str
    title: str
    brand: str
    category: str
    price: float
    description: str
    material: str = ""
    colors: tuple[str, ...] = ()
    sizes: dict[str, float] = field(default_factory=dict)
    sale: float | None = None
    out_of_stock: tuple[str, ...] = ()


SKILLETS = "Kitchen > Cookware > Skillets & Frying Pans"
POTS = "Kitchen > Cookware > Pots & Saucepans"
SETS = "Kitchen > Cookware > Cookware Sets"
BAKE = "Kitchen > Bakeware"
KNIVES = "Kitchen > Knives & Cutlery"
BOARDS = "Kitchen > Cutting Boards"
TOOLS = "Kitchen > Utensils & Gadgets"
COFFEE = "Kitchen > Coffee & Tea"
APPLIANCES = "Kitchen > Small Appliances"
STORAGE = "Kitchen > Food Storage"
DINING = "Dining > Dinnerware & Drinkware"
BEDDING = "Home > Bedding"
BATH = "Home > Bath"
CLEANING = "Home > Cleaning"
ORGANIZING = "Home > Storage & Organization"
BED_SIZES = ("Twin", "Full", "Queen", "King")


def bed(*prices: float) -> dict[str, float]:
    """Twin/Full/Queen/King prices."""
    return dict(zip(BED_SIZES, prices))


ITEMS = [
    # Skillets and frying pans
    Item("ironvale-10-cast-iron-skillet", "Ironvale 10-Inch Pre-Seasoned Cast Iron Skillet", "Ironvale", SKILLETS, 29.99,
         "A heavy cast iron pan that holds heat evenly for searing steaks, frying eggs and baking cornbread. "
         "Pre-seasoned with vegetable oil and ready to use out of the box. Works on gas, electric and induction "
         "hobs, in the oven and over a campfire. Hand wash, dry and wipe with a little oil.", "Cast iron"),
    Item("ironvale-12-cast-iron-skillet", "Ironvale 12-Inch Cast Iron Skillet with Helper Handle", "Ironvale", SKILLETS, 39.99,
         "Family-size cast iron skillet with a second helper handle for lifting it full. Deep sides for shallow "
         "frying chicken or baking a deep-dish pizza. Pre-seasoned; gets better with every use. Induction and "
         "oven safe to 500°F.", "Cast iron"),
    Item("ironvale-cast-iron-grill-pan", "Ironvale Square Cast Iron Grill Pan, 10.5 in", "Ironvale", SKILLETS, 34.99,
         "Raised ridges give burgers, vegetables and salmon real grill marks on the stove, and let fat drain "
         "away. Two pour spouts. Pre-seasoned cast iron for gas, electric and induction cooktops.", "Cast iron"),
    Item("ironvale-carbon-steel-wok", "Ironvale 14-Inch Flat-Bottom Carbon Steel Wok", "Ironvale", SKILLETS, 44.99,
         "Hand-hammered carbon steel wok that heats fast for stir-fries, fried rice and deep frying. The flat "
         "bottom sits steady on electric and induction hobs. Wooden handle stays cool. Season before first use.",
         "Carbon steel"),
    Item("ironvale-carbon-steel-skillet", "Ironvale 10-Inch Carbon Steel Skillet", "Ironvale", SKILLETS, 49.00,
         "The restaurant cook's pan: lighter than cast iron, heats quickly and builds a natural nonstick "
         "seasoning. Great for omelettes, crêpes and searing. Oven safe; induction ready.", "Carbon steel"),
    Item("pantry-pro-nonstick-frying-pan-set", "Pantry Pro Nonstick Frying Pan Set, 8 and 10 Inch", "Pantry Pro", SKILLETS, 27.99,
         "Two everyday nonstick fry pans with a PFOA-free coating, so eggs and pancakes slide right off. "
         "Soft-grip handles, aluminium body for quick even heating. Dishwasher safe. Not for induction.", "Aluminium"),
    Item("verdana-ceramic-nonstick-skillet", "Verdana 11-Inch Ceramic Nonstick Skillet", "Verdana", SKILLETS, 59.00,
         "A PTFE-free, PFAS-free ceramic nonstick coating made without forever chemicals. Needs little oil. "
         "Stainless steel base works on every cooktop including induction. Oven safe to 550°F.", "Ceramic-coated aluminium",
         colors=("Sage", "Cream", "Terracotta")),
    Item("stellan-tri-ply-stainless-skillet", "Stellan Tri-Ply Stainless Steel Skillet, 12 in", "Stellan", SKILLETS, 79.95,
         "Fully clad tri-ply construction, an aluminium core between two layers of 18/10 stainless steel, for "
         "even browning without hot spots. Flared rim for drip-free pouring. Dishwasher, oven and induction safe.",
         "Stainless steel"),
    Item("stellan-stainless-saute-pan", "Stellan 3.5-Quart Stainless Sauté Pan with Lid", "Stellan", SKILLETS, 99.95,
         "Straight high sides and a tight lid for braising, shallow frying and one-pan dinners. Tri-ply "
         "stainless steel, riveted handle and helper handle. Induction compatible.", "Stainless steel"),
    Item("pantry-pro-omelette-pan", "Pantry Pro 8-Inch Nonstick Omelette Pan", "Pantry Pro", SKILLETS, 14.99,
         "Small nonstick pan with sloped sides for folding omelettes and frying a single egg. Lightweight "
         "aluminium, stay-cool handle. A cheap second pan for breakfast.", "Aluminium", sale=11.99),
    # Pots and saucepans
    Item("stellan-2-quart-saucepan", "Stellan 2-Quart Tri-Ply Saucepan with Lid", "Stellan", POTS, 59.95,
         "For sauces, oatmeal, reheating soup and boiling eggs. Tri-ply stainless steel heats evenly so "
         "sauces do not scorch. Measurement marks inside. Induction and dishwasher safe.", "Stainless steel"),
    Item("stellan-8-quart-stock-pot", "Stellan 8-Quart Stainless Steel Stock Pot", "Stellan", POTS, 89.95,
         "Big pot for stock, chili, pasta for a crowd and canning. Heavy encapsulated base, glass lid with "
         "steam vent, sturdy side handles. Works on induction.", "Stainless steel"),
    Item("stellan-pasta-pot-with-strainer", "Stellan 6-Quart Pasta Pot with Strainer Insert", "Stellan", POTS, 69.95,
         "Cook pasta, potatoes or steamed vegetables and lift the perforated insert to drain: no colander "
         "needed. Stainless steel with a tempered glass lid.", "Stainless steel"),
    Item("ironvale-enameled-dutch-oven-5-qt", "Ironvale 5.5-Quart Enameled Cast Iron Dutch Oven", "Ironvale", POTS, 89.00,
         "Round enamelled cast iron casserole with a heavy lid that seals in moisture for braises, stews, "
         "soups and no-knead bread. Smooth enamel interior needs no seasoning. Oven safe to 500°F; works on "
         "induction.", "Enameled cast iron", colors=("Cherry Red", "Navy", "Matte Black", "White"),
         out_of_stock=("White",)),
    Item("ironvale-enameled-dutch-oven-7-qt", "Ironvale 7-Quart Oval Enameled Dutch Oven", "Ironvale", POTS, 109.00,
         "Oval enamelled cast iron pot big enough for a whole chicken or a pot roast. Self-basting lid, "
         "wide loop handles. Stovetop and oven; dishwasher safe but hand washing keeps the enamel bright.",
         "Enameled cast iron", colors=("Cherry Red", "Navy")),
    Item("verdana-ceramic-saucepan", "Verdana 2.5-Quart Ceramic Nonstick Saucepan", "Verdana", POTS, 49.00,
         "Nontoxic ceramic nonstick saucepan, free of PTFE and PFAS, for rice, porridge and sauces that "
         "tend to stick. Glass lid, induction base.", "Ceramic-coated aluminium", colors=("Sage", "Cream")),
    Item("pantry-pro-milk-pan", "Pantry Pro 1-Quart Nonstick Milk Pan", "Pantry Pro", POTS, 19.99,
         "Small saucepan with pour spouts on both sides for warming milk, melting butter and making hot "
         "chocolate. Nonstick interior.", "Aluminium"),
    Item("ironvale-reversible-griddle", "Ironvale Reversible Cast Iron Griddle, Double Burner", "Ironvale", SKILLETS, 54.99,
         "Spans two burners: flat side for pancakes, bacon and quesadillas, ridged side for grilling. Also "
         "works on a gas grill or campfire. Pre-seasoned cast iron.", "Cast iron"),
    # Cookware sets
    Item("pantry-pro-10-piece-nonstick-cookware-set", "Pantry Pro 10-Piece Nonstick Cookware Set", "Pantry Pro", SETS, 119.99,
         "Everything for a first kitchen: 8 and 10 in fry pans, 1.5 and 2.5 qt saucepans with lids, a 5 qt "
         "Dutch oven with lid and a 3 qt sauté pan. PFOA-free nonstick, dishwasher safe. Not induction compatible.",
         "Aluminium", sale=89.99),
    Item("stellan-10-piece-stainless-cookware-set", "Stellan 10-Piece Tri-Ply Stainless Steel Cookware Set", "Stellan", SETS, 349.00,
         "A lifetime set of fully clad stainless steel pots and pans: 10 and 12 in skillets, 2 and 3 qt "
         "saucepans, 3.5 qt sauté pan and 8 qt stock pot, with lids. Induction ready, oven and dishwasher safe.",
         "Stainless steel", sale=299.00),
    Item("verdana-ceramic-cookware-set", "Verdana 7-Piece Ceramic Nonstick Cookware Set", "Verdana", SETS, 199.00,
         "Non-toxic ceramic cookware free of PFAS, PTFE, lead and cadmium: fry pan, saucepan, sauté pan and "
         "Dutch oven with lids, plus a canvas lid holder. Works on all cooktops.", "Ceramic-coated aluminium",
         colors=("Sage", "Cream", "Terracotta")),
    # Bakeware
    Item("bakewell-half-sheet-pans", "Bakewell Aluminum Half Sheet Pans, 2-Pack", "Bakewell", BAKE, 24.99,
         "Commercial-grade 18 x 13 in baking sheets that won't warp. Rolled rims. For cookies, sheet-pan "
         "dinners and roasting vegetables.", "Aluminium"),
    Item("bakewell-muffin-pan", "Bakewell Nonstick 12-Cup Muffin Pan", "Bakewell", BAKE, 16.99,
         "Bakes a dozen muffins or cupcakes that release cleanly. Heavy-gauge steel with a nonstick coating "
         "and wide handles.", "Carbon steel"),
    Item("bakewell-loaf-pan", "Bakewell 9 x 5 Inch Nonstick Loaf Pan", "Bakewell", BAKE, 12.99,
         "For banana bread, sandwich loaves and meatloaf. Nonstick steel, straight sides for a tall loaf.",
         "Carbon steel"),
    Item("bakewell-round-cake-pans", "Bakewell 9-Inch Round Cake Pans, Set of 2", "Bakewell", BAKE, 19.99,
         "Two matching cake tins for layer cakes and birthday cakes. Anodized aluminium bakes evenly.",
         "Aluminium"),
    Item("bakewell-springform-pan", "Bakewell 9-Inch Springform Pan", "Bakewell", BAKE, 18.99,
         "Leakproof springform with a removable base for cheesecake, tortes and deep-dish quiche. The latch "
         "releases the side ring so delicate cakes come out whole.", "Carbon steel"),
    Item("bakewell-glass-pie-dish", "Bakewell 9.5-Inch Glass Pie Dish", "Bakewell", BAKE, 11.99,
         "Tempered glass pie plate: see the bottom crust brown. Oven, microwave, freezer and dishwasher safe.",
         "Glass"),
    Item("bakewell-silicone-baking-mats", "Bakewell Silicone Baking Mats, 2-Pack", "Bakewell", BAKE, 15.99,
         "Reusable nonstick liners for half sheet pans: replace parchment paper for cookies and macarons. "
         "Food-grade silicone, heat safe to 480°F.", "Silicone"),
    Item("bakewell-ceramic-baking-dish", "Bakewell 9 x 13 Ceramic Baking Dish", "Bakewell", BAKE, 39.99,
         "Stoneware casserole dish for lasagna, enchiladas, brownies and roast vegetables. Goes from oven to "
         "table. Dishwasher and microwave safe.", "Stoneware", colors=("Blue", "White")),
    Item("alder-oak-french-rolling-pin", "Alder & Oak French Rolling Pin, Maple", "Alder & Oak", BAKE, 22.00,
         "Tapered solid maple rolling pin for pie crust, pizza dough and cookies. Easy to turn and control. "
         "Made in Vermont.", "Maple wood"),
    Item("bakewell-stainless-mixing-bowls", "Bakewell Stainless Steel Mixing Bowls with Lids, Set of 5", "Bakewell", BAKE, 34.99,
         "Nesting mixing bowls from 1.5 to 5 quarts with airtight lids and non-slip bottoms. For mixing "
         "batter, tossing salad, marinating and storing leftovers.", "Stainless steel"),
    Item("bakewell-bundt-pan", "Bakewell 10-Cup Fluted Bundt Pan", "Bakewell", BAKE, 21.99,
         "Heavy cast aluminium bundt pan with a nonstick finish for pound cakes and coffee cakes with sharp "
         "fluted detail.", "Cast aluminium"),
    Item("bakewell-cooling-racks", "Bakewell Wire Cooling Racks, 2-Pack", "Bakewell", BAKE, 14.99,
         "Oven-safe stainless steel grid racks that fit a half sheet pan: cool cookies, or roast and crisp "
         "bacon and wings in the oven.", "Stainless steel"),
    # Knives
    Item("kiyomi-8-inch-chef-knife", "Kiyomi 8-Inch Damascus Chef Knife, VG-10", "Kiyomi", KNIVES, 129.00,
         "Japanese chef's knife with a VG-10 steel core and 67 layers of Damascus steel. Razor sharp 15° edge "
         "for slicing, dicing and mincing. Pakkawood handle. Gift box included.", "VG-10 Damascus steel"),
    Item("kiyomi-santoku-knife", "Kiyomi 7-Inch Santoku Knife", "Kiyomi", KNIVES, 99.00,
         "A Japanese all-purpose knife with a straight edge and granton dimples so slices of potato and "
         "cucumber don't stick. Lighter than a chef knife.", "VG-10 Damascus steel"),
    Item("kiyomi-nakiri-knife", "Kiyomi 6.5-Inch Nakiri Vegetable Knife", "Kiyomi", KNIVES, 89.00,
         "Rectangular Japanese vegetable cleaver for push-cutting onions, cabbage and herbs. Thin, hard "
         "blade.", "VG-10 steel"),
    Item("brightedge-8-inch-chef-knife", "Brightedge 8-Inch Chef's Knife, German Steel", "Brightedge", KNIVES, 49.99,
         "Forged German high-carbon stainless steel chef knife: full tang, bolster, triple-riveted handle. A "
         "workhorse for home cooks that is easy to sharpen.", "High-carbon stainless steel"),
    Item("brightedge-paring-knife-set", "Brightedge Paring Knife Set, 3 Pieces", "Brightedge", KNIVES, 19.99,
         "Three small knives (straight, serrated and bird's beak) for peeling, trimming and hulling "
         "strawberries. Blade guards included.", "Stainless steel"),
    Item("brightedge-bread-knife", "Brightedge 10-Inch Serrated Bread Knife", "Brightedge", KNIVES, 29.99,
         "Long scalloped blade saws through crusty sourdough and soft brioche without crushing. Also slices "
         "tomatoes and cakes.", "High-carbon stainless steel"),
    Item("brightedge-15-piece-knife-block-set", "Brightedge 15-Piece Knife Block Set", "Brightedge", KNIVES, 149.99,
         "Chef, bread, santoku, utility and paring knives, six steak knives, kitchen shears and a honing "
         "steel in an acacia wood block. Forged German steel.", "High-carbon stainless steel", sale=119.99),
    Item("brightedge-steak-knives", "Brightedge Serrated Steak Knives, Set of 6", "Brightedge", KNIVES, 39.99,
         "Micro-serrated steak knives that stay sharp, with ergonomic black handles. Dishwasher safe.",
         "Stainless steel"),
    Item("kiyomi-whetstone", "Kiyomi Whetstone Sharpening Stone, 1000/6000 Grit", "Kiyomi", KNIVES, 39.00,
         "Double-sided water stone: 1000 grit to sharpen a dull edge, 6000 grit to polish. Bamboo base and "
         "angle guide for beginners.", "Corundum"),
    Item("brightedge-pull-through-sharpener", "Brightedge 2-Stage Pull-Through Knife Sharpener", "Brightedge", KNIVES, 14.99,
         "Coarse and fine slots bring dull kitchen knives back to sharp in a few pulls. Non-slip base. Not "
         "for serrated blades.", "Carbide and ceramic"),
    Item("brightedge-kitchen-shears", "Brightedge Heavy-Duty Kitchen Shears", "Brightedge", KNIVES, 12.99,
         "Come-apart scissors for snipping herbs, spatchcocking chicken and opening packages. Dishwasher safe.",
         "Stainless steel"),
    Item("alder-oak-magnetic-knife-strip", "Alder & Oak Walnut Magnetic Knife Strip, 16 in", "Alder & Oak", KNIVES, 45.00,
         "Wall-mounted walnut bar with strong hidden magnets that hold knives without scratching the blades. "
         "Frees up counter and drawer space.", "Walnut wood"),
    # Cutting boards
    Item("alder-oak-walnut-end-grain-board", "Alder & Oak End Grain Walnut Cutting Board, 18 x 12", "Alder & Oak", BOARDS, 119.00,
         "Thick end grain butcher block that is gentle on knife edges and hides cut marks. Rubber feet, "
         "finished with food-safe mineral oil and beeswax. Hand wash only.", "Walnut wood"),
    Item("alder-oak-maple-cutting-board", "Alder & Oak Maple Cutting Board with Juice Groove", "Alder & Oak", BOARDS, 49.00,
         "Reversible 16 x 11 in hard maple board; a deep juice groove catches drippings when carving roasts. "
         "Doubles as a serving board.", "Maple wood"),
    Item("pantry-pro-plastic-cutting-boards", "Pantry Pro Plastic Cutting Boards, Set of 3", "Pantry Pro", BOARDS, 21.99,
         "Color-coded boards for raw meat, vegetables and bread to prevent cross-contamination. Dishwasher "
         "safe, non-slip edges, juice grooves.", "Polypropylene"),
    Item("alder-oak-bamboo-cutting-boards", "Alder & Oak Bamboo Cutting Boards, 3-Piece Set", "Alder & Oak", BOARDS, 24.99,
         "Light, sustainable bamboo boards in small, medium and large. For chopping fruit, cheese and herbs.",
         "Bamboo"),
    Item("alder-oak-board-butter", "Alder & Oak Board Butter Wood Conditioner", "Alder & Oak", BOARDS, 12.00,
         "Beeswax and food-grade mineral oil cream that keeps wooden cutting boards, spoons and butcher "
         "blocks from drying out and cracking.", "Beeswax"),
    # Utensils and gadgets
    Item("pantry-pro-silicone-spatula-set", "Pantry Pro Silicone Spatula Set, 4 Pieces", "Pantry Pro", TOOLS, 14.99,
         "Heat-resistant seamless silicone spatulas and spoonula that won't scratch nonstick pans. Scrapes "
         "bowls clean.", "Silicone"),
    Item("pantry-pro-locking-tongs", "Pantry Pro Locking Kitchen Tongs, 9 and 12 Inch", "Pantry Pro", TOOLS, 12.99,
         "Stainless steel tongs with silicone tips for flipping steaks, serving salad and grilling. Pull tab "
         "locks them closed for storage.", "Stainless steel"),
    Item("pantry-pro-balloon-whisk", "Pantry Pro 11-Inch Balloon Whisk", "Pantry Pro", TOOLS, 8.99,
         "Stainless steel wires whip cream, beat eggs and smooth gravy.", "Stainless steel"),
    Item("pantry-pro-measuring-cups-spoons", "Pantry Pro Stainless Measuring Cups and Spoons Set", "Pantry Pro", TOOLS, 19.99,
         "Seven measuring cups and six spoons with engraved US and metric markings that won't wear off.",
         "Stainless steel"),
    Item("hearth-digital-kitchen-scale", "Hearth & Harbor Digital Kitchen Scale, 11 lb", "Hearth & Harbor", TOOLS, 24.99,
         "Weighs flour, coffee and portions in grams, ounces, pounds and milliliters up to 5 kg. Tare "
         "button, easy-clean glass top, batteries included.", "Tempered glass"),
    Item("probewell-instant-read-thermometer", "Probewell Instant-Read Meat Thermometer", "Probewell", TOOLS, 29.99,
         "Reads in 3 seconds so you know when chicken, steak or bread is done. Backlit display, waterproof, "
         "folding probe.", "ABS plastic"),
    Item("probewell-wireless-meat-thermometer", "Probewell Wireless Bluetooth Meat Thermometer", "Probewell", TOOLS, 79.99,
         "Leave-in probe with an app that alerts your phone when the roast, brisket or turkey hits the "
         "target temperature. 165 ft range for grills, smokers and ovens.", "Stainless steel"),
    Item("pantry-pro-garlic-press", "Pantry Pro Garlic Press", "Pantry Pro", TOOLS, 11.99,
         "Crushes unpeeled cloves; the cleaning tool pushes out the skins. Heavy zinc alloy.", "Zinc alloy"),
    Item("pantry-pro-y-peelers", "Pantry Pro Y-Peelers, 2-Pack", "Pantry Pro", TOOLS, 7.99,
         "Sharp swivel blades for potatoes, carrots and apples. Works for left and right hands.", "Stainless steel"),
    Item("pantry-pro-can-opener", "Pantry Pro Smooth Edge Can Opener", "Pantry Pro", TOOLS, 16.99,
         "Side-cutting manual can opener that leaves no sharp edges on the lid. Soft handles, easy turn knob.",
         "Stainless steel"),
    Item("pantry-pro-salad-spinner", "Pantry Pro 5-Quart Salad Spinner", "Pantry Pro", TOOLS, 27.99,
         "Pump-action spinner dries lettuce, herbs and berries in seconds. The bowl doubles as a serving bowl.",
         "BPA-free plastic"),
    Item("brightedge-mandoline-slicer", "Brightedge Adjustable Mandoline Slicer", "Brightedge", TOOLS, 34.99,
         "Slices vegetables paper thin to 1/4 in, plus julienne blades for fries. Cut-resistant glove and "
         "hand guard included.", "Stainless steel"),
    Item("pantry-pro-zester-grater", "Pantry Pro Fine Zester Grater", "Pantry Pro", TOOLS, 13.99,
         "Razor-sharp etched blade for lemon zest, hard cheese like parmesan, ginger and nutmeg.", "Stainless steel"),
    Item("alder-oak-olive-wood-spoons", "Alder & Oak Olive Wood Cooking Spoons, Set of 5", "Alder & Oak", TOOLS, 29.00,
         "Hand-carved olive wood spoon, spatula and slotted spoon: hard, beautiful grain, safe for nonstick "
         "pans.", "Olive wood"),
    Item("pantry-pro-utensil-set", "Pantry Pro Stainless Steel Kitchen Utensil Set, 7 Pieces", "Pantry Pro", TOOLS, 39.99,
         "Ladle, skimmer, slotted turner, serving spoons, potato masher and a holder, all in brushed stainless "
         "steel.", "Stainless steel"),
    Item("pantry-pro-colander", "Pantry Pro 5-Quart Stainless Steel Colander", "Pantry Pro", TOOLS, 19.99,
         "Micro-perforated colander drains pasta and rinses rice and quinoa without losing grains. Stable ring base.",
         "Stainless steel"),
    Item("pantry-pro-ice-cream-scoop", "Pantry Pro Ice Cream Scoop", "Pantry Pro", TOOLS, 12.99,
         "Heavy scoop with a pointed edge that digs into hard frozen ice cream. Also scoops cookie dough.",
         "Zinc alloy"),
    Item("pantry-pro-oil-mister", "Pantry Pro Olive Oil Sprayer Bottle", "Pantry Pro", TOOLS, 11.99,
         "Glass oil mister for salads, air fryer and grilling; a fine spray uses less oil than pouring.", "Glass"),
    Item("hearth-silicone-oven-mitts", "Hearth & Harbor Silicone Oven Mitts, Pair", "Hearth & Harbor", TOOLS, 16.99,
         "Heat resistant to 480°F with a quilted cotton lining and a non-slip grip for pulling hot pans and "
         "Dutch ovens out of the oven.", "Silicone", colors=("Black", "Red", "Gray")),
    # Coffee and tea
    Item("brewhaus-12-cup-coffee-maker", "Brewhaus 12-Cup Programmable Drip Coffee Maker", "Brewhaus", COFFEE, 79.99,
         "Set the timer tonight and wake up to fresh coffee. Glass carafe, brew-strength control, "
         "pause-and-serve and a 2-hour keep-warm plate.", "Stainless steel"),
    Item("brewhaus-thermal-carafe-coffee-maker", "Brewhaus 10-Cup Thermal Carafe Coffee Maker", "Brewhaus", COFFEE, 129.99,
         "Brews into a double-wall stainless carafe that keeps coffee hot for hours without a hot plate "
         "burning it. Showerhead for even extraction.", "Stainless steel"),
    Item("brewhaus-single-serve-pod-brewer", "Brewhaus Single-Serve Pod Coffee Brewer", "Brewhaus", COFFEE, 89.99,
         "One cup in under a minute from coffee pods, or from your own ground coffee with the reusable filter "
         "basket. Brews 6, 8, 10 or 12 oz; fits travel mugs.", "Plastic"),
    Item("brewhaus-espresso-machine", "Brewhaus 15-Bar Espresso Machine with Steam Wand", "Brewhaus", COFFEE, 249.00,
         "Pull café-style espresso shots at home and steam milk for lattes and cappuccinos. 15-bar pump, "
         "stainless portafilter, removable water tank.", "Stainless steel", sale=219.00),
    Item("brewhaus-conical-burr-grinder", "Brewhaus Conical Burr Coffee Grinder", "Brewhaus", COFFEE, 99.00,
         "40 grind settings from fine espresso to coarse French press and cold brew. Steel burrs give an even "
         "grind; low-retention chute.", "Stainless steel"),
    Item("brewhaus-blade-grinder", "Brewhaus Electric Coffee and Spice Grinder", "Brewhaus", COFFEE, 19.99,
         "Compact blade grinder for coffee beans, whole spices, flax seed and nuts. One-touch operation.",
         "Stainless steel"),
    Item("brewhaus-french-press", "Brewhaus 34 oz Glass French Press", "Brewhaus", COFFEE, 29.99,
         "Borosilicate glass carafe, four-level filter for grit-free coffee. Also brews loose-leaf tea.",
         "Borosilicate glass", colors=("Silver", "Copper")),
    Item("brewhaus-pour-over-dripper", "Brewhaus Ceramic Pour-Over Coffee Dripper", "Brewhaus", COFFEE, 24.00,
         "Single-cup cone dripper for a clean, bright cup. Fits on most mugs; 40 paper filters included.",
         "Porcelain"),
    Item("kettleworks-gooseneck-electric-kettle", "Kettleworks Gooseneck Electric Kettle, Variable Temperature", "Kettleworks", COFFEE, 69.99,
         "Precision pour spout for pour-over coffee and presets for green, white, oolong and black tea. Holds "
         "temperature for an hour. 0.9 L.", "Stainless steel", colors=("Matte Black", "White")),
    Item("kettleworks-glass-electric-kettle", "Kettleworks 1.7 L Glass Electric Kettle", "Kettleworks", COFFEE, 34.99,
         "Boils water fast with a blue LED glow; auto shut-off and boil-dry protection. BPA-free.",
         "Borosilicate glass"),
    Item("kettleworks-stainless-electric-kettle", "Kettleworks 1.7 L Stainless Steel Electric Kettle", "Kettleworks", COFFEE, 29.99,
         "Cordless kettle that boils a full pot in about four minutes. Auto shut-off, 360° base.",
         "Stainless steel"),
    Item("kettleworks-whistling-tea-kettle", "Kettleworks 2.5-Quart Whistling Stovetop Tea Kettle", "Kettleworks", COFFEE, 34.99,
         "Classic enamel-on-steel teakettle that whistles when the water boils. Works on gas, electric and "
         "induction stoves.", "Enameled steel", colors=("Red", "Teal", "Stainless")),
    Item("brewhaus-handheld-milk-frother", "Brewhaus Handheld Milk Frother", "Brewhaus", COFFEE, 12.99,
         "Battery-powered whisk makes foam for lattes, matcha and protein shakes in 20 seconds.", "Stainless steel"),
    Item("brewhaus-electric-milk-frother", "Brewhaus Electric Milk Frother and Warmer", "Brewhaus", COFFEE, 49.99,
         "Heats and froths milk, or oat milk, for cappuccinos, lattes and hot chocolate. Four modes, nonstick "
         "jug, dishwasher safe.", "Stainless steel"),
    Item("brewhaus-cold-brew-maker", "Brewhaus 2-Quart Cold Brew Coffee Maker", "Brewhaus", COFFEE, 27.99,
         "Steep coarse coffee overnight in the fridge for smooth, less acidic iced coffee. Fine mesh filter, "
         "airtight lid.", "Glass"),
    Item("kettleworks-cast-iron-teapot", "Kettleworks Cast Iron Teapot with Infuser, 34 oz", "Kettleworks", COFFEE, 39.99,
         "Japanese tetsubin-style teapot that keeps tea warm; enamel lined with a stainless loose-leaf infuser.",
         "Cast iron"),
    Item("kettleworks-glass-teapot", "Kettleworks Glass Teapot with Removable Infuser", "Kettleworks", COFFEE, 24.99,
         "Watch loose-leaf and blooming teas steep. Stovetop safe borosilicate glass.", "Borosilicate glass"),
    Item("brewhaus-moka-pot", "Brewhaus 6-Cup Stovetop Espresso Maker (Moka Pot)", "Brewhaus", COFFEE, 29.99,
         "Italian-style stovetop coffee maker that brews strong espresso-like coffee on gas or electric hobs.",
         "Aluminium"),
    Item("brewhaus-insulated-travel-mug", "Brewhaus Insulated Travel Mug, 16 oz", "Brewhaus", COFFEE, 24.99,
         "Leakproof vacuum-insulated coffee tumbler that keeps drinks hot for 6 hours and cold for 12. Fits "
         "car cup holders.", "Stainless steel", colors=("Black", "White", "Sage", "Navy")),
    Item("brewhaus-coffee-canister", "Brewhaus Airtight Coffee Canister", "Brewhaus", COFFEE, 22.99,
         "Keeps beans fresh with a one-way CO2 valve and a date tracker on the lid. Holds 1 lb of whole beans.",
         "Stainless steel"),
    Item("brewhaus-coffee-scale", "Brewhaus Coffee Scale with Timer", "Brewhaus", COFFEE, 29.99,
         "Weigh beans and water to 0.1 g while the built-in timer tracks your pour-over or espresso shot.",
         "Plastic"),
    # Small appliances
    Item("voltique-2-slice-toaster", "Voltique 2-Slice Wide Slot Toaster", "Voltique", APPLIANCES, 34.99,
         "Extra-wide slots fit bagels and thick bread. Seven browning levels, bagel, defrost and cancel "
         "buttons, removable crumb tray.", "Stainless steel", colors=("Black", "Cream", "Red")),
    Item("voltique-4-slice-toaster", "Voltique 4-Slice Toaster", "Voltique", APPLIANCES, 54.99,
         "Two independent pairs of long slots for a family breakfast. Reheat setting and high lift lever.",
         "Stainless steel"),
    Item("voltique-convection-toaster-oven", "Voltique Convection Toaster Oven, 6 Slice", "Voltique", APPLIANCES, 119.99,
         "Countertop oven that toasts, bakes, broils and air fries; fits a 12 in pizza. Convection fan for "
         "even cooking.", "Stainless steel"),
    Item("voltique-5-quart-air-fryer", "Voltique 5-Quart Air Fryer", "Voltique", APPLIANCES, 89.99,
         "Crispy fries, wings and vegetables with little or no oil. Touch screen with presets, nonstick "
         "dishwasher-safe basket, shake reminder.", "Plastic", sale=69.99),
    Item("voltique-air-fryer-oven", "Voltique 10-Quart Air Fryer Oven with Rotisserie", "Voltique", APPLIANCES, 149.99,
         "A big air fryer with racks and a rotisserie spit: roast a chicken, dehydrate fruit, bake and air "
         "fry for the whole family.", "Stainless steel"),
    Item("voltique-dual-basket-air-fryer", "Voltique 8-Quart Dual Basket Air Fryer", "Voltique", APPLIANCES, 139.99,
         "Two independent baskets cook a main and a side at once and finish together.", "Plastic"),
    Item("voltique-high-speed-blender", "Voltique 1400 W High-Speed Blender, 64 oz", "Voltique", APPLIANCES, 149.99,
         "Crushes ice and frozen fruit for smoothies, makes nut butter and hot soup. Variable speed, pulse "
         "and self-cleaning.", "Tritan plastic"),
    Item("voltique-personal-blender", "Voltique Personal Blender with 2 To-Go Cups", "Voltique", APPLIANCES, 39.99,
         "Blend a smoothie or protein shake right in the 20 oz travel cup, twist on the lid and go.",
         "BPA-free plastic"),
    Item("voltique-immersion-blender", "Voltique Immersion Hand Blender with Whisk and Chopper", "Voltique", APPLIANCES, 44.99,
         "Stick blender for pureeing soup in the pot, plus a whisk attachment and a mini chopper bowl.",
         "Stainless steel"),
    Item("voltique-stand-mixer", "Voltique 5.5-Quart Tilt-Head Stand Mixer", "Voltique", APPLIANCES, 279.00,
         "Ten speeds and a planetary mixing action for bread dough, cake batter and meringue. Dough hook, "
         "flat beater and wire whip included.", "Die-cast metal", colors=("Red", "Silver", "Black", "Sage"),
         out_of_stock=("Sage",)),
    Item("voltique-hand-mixer", "Voltique 5-Speed Hand Mixer", "Voltique", APPLIANCES, 29.99,
         "Lightweight mixer with beaters and dough hooks for cookies, whipped cream and mashed potatoes. "
         "Snap-on storage case.", "Plastic"),
    Item("voltique-food-processor", "Voltique 10-Cup Food Processor", "Voltique", APPLIANCES, 99.99,
         "Chops, slices, shreds and purees: makes pesto, salsa, pie dough and hummus. Wide feed tube.",
         "Plastic"),
    Item("voltique-mini-chopper", "Voltique 3-Cup Mini Food Chopper", "Voltique", APPLIANCES, 24.99,
         "Small chopper for onions, garlic, herbs and nuts. One-touch pulse.", "Plastic"),
    Item("simmerly-slow-cooker", "Simmerly 6-Quart Programmable Slow Cooker", "Simmerly", APPLIANCES, 49.99,
         "Set-and-forget crock pot for stews, pulled pork and chili. Timer switches to warm when done. "
         "Removable stoneware insert.", "Stoneware"),
    Item("simmerly-6-quart-multicooker", "Simmerly 6-Quart 9-in-1 Electric Pressure Cooker", "Simmerly", APPLIANCES, 99.99,
         "One pot that pressure cooks, slow cooks, sautés, steams and makes rice and yogurt. Dinner in 30 "
         "minutes. Stainless steel inner pot.", "Stainless steel", sale=79.99),
    Item("simmerly-8-quart-multicooker", "Simmerly 8-Quart Multi-Cooker", "Simmerly", APPLIANCES, 129.99,
         "Large electric pressure cooker and slow cooker for batch cooking and big families.", "Stainless steel"),
    Item("simmerly-rice-cooker", "Simmerly 10-Cup Fuzzy Logic Rice Cooker", "Simmerly", APPLIANCES, 89.99,
         "Cooks white rice, brown rice, sushi rice and porridge perfectly, then keeps it warm. Steamer basket "
         "for vegetables.", "Plastic"),
    Item("simmerly-mini-rice-cooker", "Simmerly 3-Cup Mini Rice Cooker", "Simmerly", APPLIANCES, 29.99,
         "Compact rice cooker for one or two people, dorm rooms and small kitchens. Nonstick pot.", "Plastic"),
    Item("voltique-belgian-waffle-maker", "Voltique Belgian Waffle Maker", "Voltique", APPLIANCES, 39.99,
         "Deep-pocket waffles with a crisp outside. Browning control and nonstick plates.", "Plastic"),
    Item("voltique-electric-griddle", "Voltique 20-Inch Electric Griddle", "Voltique", APPLIANCES, 49.99,
         "Cook pancakes, bacon and eggs for the whole family at once. Adjustable temperature, drip tray.",
         "Aluminium"),
    Item("voltique-sous-vide-cooker", "Voltique Sous Vide Precision Cooker, 1000 W", "Voltique", APPLIANCES, 99.00,
         "Clips to any pot and holds water to the exact degree for perfectly cooked steak, chicken and eggs. "
         "Wi-Fi app.", "Stainless steel"),
    Item("voltique-slow-juicer", "Voltique Slow Masticating Juicer", "Voltique", APPLIANCES, 149.00,
         "Cold-press juicer for leafy greens, celery, carrots and oranges; quiet motor, high juice yield.",
         "Plastic"),
    Item("voltique-citrus-juicer", "Voltique Electric Citrus Juicer", "Voltique", APPLIANCES, 29.99,
         "Squeezes fresh orange, lemon and grapefruit juice with adjustable pulp.", "Plastic"),
    Item("voltique-food-dehydrator", "Voltique 5-Tray Food Dehydrator", "Voltique", APPLIANCES, 69.99,
         "Make beef jerky, dried fruit and fruit leather. Adjustable thermostat and BPA-free trays.", "Plastic"),
    Item("voltique-popcorn-maker", "Voltique Hot Air Popcorn Maker", "Voltique", APPLIANCES, 24.99,
         "Pops kernels with hot air, no oil, for a healthy snack in two minutes.", "Plastic"),
    Item("voltique-bread-maker", "Voltique 2-Pound Bread Machine", "Voltique", APPLIANCES, 99.99,
         "Bakes white, whole wheat, gluten-free and sourdough-style loaves, kneads pizza dough and makes jam. "
         "15-hour delay timer.", "Stainless steel"),
    Item("voltique-countertop-ice-maker", "Voltique Countertop Ice Maker", "Voltique", APPLIANCES, 119.99,
         "Makes bullet ice in 7 minutes, up to 26 lb a day. No plumbing needed.", "Plastic"),
    Item("voltique-smokeless-indoor-grill", "Voltique Smokeless Indoor Grill", "Voltique", APPLIANCES, 99.99,
         "Grill steaks and burgers indoors all year; a fan and water tray keep smoke down.", "Aluminium"),
    # Food storage
    Item("freshkeep-glass-food-storage-containers", "Freshkeep Glass Food Storage Containers, 18 Pieces", "Freshkeep", STORAGE, 39.99,
         "Nine glass containers with snap-lock lids for meal prep and leftovers. Oven, microwave, freezer and "
         "dishwasher safe; lids are BPA-free.", "Glass"),
    Item("freshkeep-meal-prep-containers", "Freshkeep Meal Prep Containers, 20 Pack", "Freshkeep", STORAGE, 19.99,
         "Two-compartment reusable plastic containers for lunches; microwave, freezer and dishwasher safe.",
         "BPA-free plastic"),
    Item("freshkeep-vacuum-sealer", "Freshkeep Vacuum Sealer Machine", "Freshkeep", STORAGE, 69.99,
         "Removes air to keep meat and cheese fresh up to five times longer in the freezer; also for sous "
         "vide. Starter bags included.", "Plastic"),
    Item("freshkeep-vacuum-sealer-bags", "Freshkeep Vacuum Sealer Bag Rolls, 2 Pack", "Freshkeep", STORAGE, 19.99,
         "Cut-to-size embossed rolls that work with most vacuum sealers. Boil and microwave safe.", "Plastic"),
    Item("freshkeep-pantry-canisters", "Freshkeep Airtight Pantry Canisters, Set of 6", "Freshkeep", STORAGE, 34.99,
         "Clear airtight containers for flour, sugar, pasta and cereal, with labels and a marker.",
         "BPA-free plastic"),
    Item("freshkeep-silicone-storage-bags", "Freshkeep Reusable Silicone Food Storage Bags, 6 Pack", "Freshkeep", STORAGE, 18.99,
         "Leakproof zip bags that replace single-use plastic bags for snacks, sandwiches and marinating. "
         "Dishwasher safe.", "Silicone"),
    Item("freshkeep-stainless-bento-box", "Freshkeep Stainless Steel Bento Lunch Box", "Freshkeep", STORAGE, 27.99,
         "Three-compartment metal lunch box for school and work; plastic-free and dishwasher safe.",
         "Stainless steel"),
    Item("freshkeep-insulated-water-bottle", "Freshkeep Insulated Water Bottle, 32 oz", "Freshkeep", STORAGE, 29.99,
         "Vacuum-insulated stainless bottle keeps water ice cold for 24 hours. Leakproof straw lid.",
         "Stainless steel", colors=("Black", "Seafoam", "Coral", "White")),
    Item("freshkeep-spice-jars", "Freshkeep Glass Spice Jars with Labels, 24 Pack", "Freshkeep", STORAGE, 29.99,
         "4 oz square glass jars with shaker lids and printed labels for an organized spice drawer.", "Glass"),
    Item("freshkeep-produce-saver", "Freshkeep Produce Saver Containers, 3 Pack", "Freshkeep", STORAGE, 24.99,
         "Vented fridge containers that keep berries, greens and herbs fresh for longer.", "BPA-free plastic"),
    Item("freshkeep-beeswax-wraps", "Freshkeep Beeswax Food Wraps, 3 Pack", "Freshkeep", STORAGE, 14.99,
         "Reusable, compostable wraps of organic cotton and beeswax instead of plastic wrap for cheese, bread "
         "and bowls.", "Beeswax and cotton"),
    # Dining
    Item("earth-kiln-stoneware-dinnerware-set", "Earth & Kiln 16-Piece Stoneware Dinnerware Set", "Earth & Kiln", DINING, 89.00,
         "Service for four: dinner plates, salad plates, bowls and mugs with a reactive glaze. Microwave and "
         "dishwasher safe.", "Stoneware", colors=("Speckled White", "Slate Blue")),
    Item("earth-kiln-porcelain-dinner-plates", "Earth & Kiln Porcelain Dinner Plates, Set of 6", "Earth & Kiln", DINING, 44.00,
         "Classic white coupe plates, chip resistant, oven and dishwasher safe.", "Porcelain"),
    Item("earth-kiln-pasta-bowls", "Earth & Kiln Pasta Bowls, Set of 4", "Earth & Kiln", DINING, 36.00,
         "Wide shallow bowls for pasta, salads and grain bowls. Matte glaze.", "Stoneware"),
    Item("earth-kiln-coffee-mugs", "Earth & Kiln Coffee Mugs, Set of 4, 16 oz", "Earth & Kiln", DINING, 32.00,
         "Big handmade-look ceramic mugs for coffee, tea and cocoa.", "Stoneware",
         colors=("Speckled White", "Slate Blue", "Rust")),
    Item("clearview-stemless-wine-glasses", "Clearview Stemless Wine Glasses, Set of 4", "Clearview", DINING, 29.99,
         "Lead-free crystal tumblers for red and white wine; stable and dishwasher safe.", "Crystal glass"),
    Item("clearview-drinking-glasses", "Clearview Drinking Glasses, Set of 12", "Clearview", DINING, 34.99,
         "Six tall and six short everyday glasses for water, juice and cocktails.", "Glass"),
    Item("clearview-double-wall-glasses", "Clearview Double Wall Coffee Glasses, 2 Pack", "Clearview", DINING, 19.99,
         "Insulated borosilicate glasses for espresso, latte and tea that stay cool to hold.", "Borosilicate glass"),
    Item("hearth-flatware-set", "Hearth & Harbor 20-Piece Stainless Flatware Set", "Hearth & Harbor", DINING, 59.99,
         "18/10 stainless forks, knives and spoons for four, mirror polished, dishwasher safe.", "Stainless steel"),
    Item("alder-oak-acacia-serving-board", "Alder & Oak Acacia Wood Serving Board", "Alder & Oak", DINING, 34.00,
         "Charcuterie and cheese board with a handle; a nice hostess or housewarming gift.", "Acacia wood"),
    Item("clearview-glass-pitcher", "Clearview 2-Liter Glass Pitcher with Lid", "Clearview", DINING, 22.99,
         "Heat-resistant pitcher for iced tea, lemonade, cold brew and fruit-infused water.", "Borosilicate glass"),
    Item("earth-kiln-ramekins", "Earth & Kiln Porcelain Ramekins, Set of 6", "Earth & Kiln", DINING, 19.99,
         "6 oz ramekins for crème brûlée, soufflés and dipping sauces. Oven safe.", "Porcelain"),
    Item("northfield-linen-napkins", "Northfield Linen Cloth Napkins, Set of 6", "Northfield Linen", DINING, 29.00,
         "Stonewashed linen dinner napkins that get softer with every wash.", "Linen",
         colors=("Natural", "White", "Sage")),
    # Bedding
    Item("northfield-percale-sheet-set", "Northfield Cotton Percale Sheet Set", "Northfield Linen", BEDDING, 69.00,
         "Crisp, cool 300 thread count long-staple cotton percale: fitted sheet, flat sheet and two pillowcases. "
         "Breathable for hot sleepers. Deep pockets fit mattresses up to 16 in.", "Cotton",
         colors=("White", "Sage", "Gray"), sizes=bed(69, 79, 89, 99)),
    Item("northfield-sateen-sheet-set", "Northfield 400 Thread Count Sateen Sheet Set", "Northfield Linen", BEDDING, 99.00,
         "Silky smooth cotton sateen with a soft sheen; warmer and heavier than percale.", "Cotton",
         colors=("White", "Ivory", "Navy"), sizes=bed(99, 109, 119, 129)),
    Item("northfield-linen-sheet-set", "Northfield Stonewashed Linen Sheet Set", "Northfield Linen", BEDDING, 169.00,
         "Pure French flax linen sheets, relaxed and breathable, temperature regulating in summer and winter.",
         "Linen", colors=("Natural", "White", "Terracotta"), sizes=bed(169, 189, 209, 229)),
    Item("northfield-microfiber-sheet-set", "Northfield Brushed Microfiber Sheet Set", "Northfield Linen", BEDDING, 29.99,
         "Soft, wrinkle-resistant, budget-friendly sheets for guest rooms and kids' beds.", "Polyester microfiber",
         colors=("White", "Gray", "Blue"), sizes=bed(29.99, 34.99, 36.99, 39.99)),
    Item("northfield-flannel-sheet-set", "Northfield Cotton Flannel Sheet Set", "Northfield Linen", BEDDING, 59.99,
         "Brushed cotton flannel sheets for cold winter nights: cozy and warm.", "Cotton",
         colors=("Red Plaid", "Gray"), sizes=bed(59.99, 69.99, 74.99, 79.99)),
    Item("northfield-down-alternative-comforter", "Northfield All-Season Down Alternative Comforter", "Northfield Linen", BEDDING, 79.00,
         "Hypoallergenic, fluffy comforter filled with soft microfiber instead of feathers. Corner tabs for a "
         "duvet cover. Machine washable.", "Microfiber", sizes=bed(79, 89, 99, 109)),
    Item("northfield-linen-duvet-cover", "Northfield Linen Duvet Cover Set", "Northfield Linen", BEDDING, 149.00,
         "Stonewashed linen duvet cover with two matching shams and a button closure.", "Linen",
         colors=("Natural", "White", "Sage"), sizes={"Full/Queen": 149, "King": 179}),
    Item("northfield-memory-foam-pillow", "Northfield Contour Memory Foam Pillow", "Northfield Linen", BEDDING, 49.99,
         "Ergonomic cervical pillow that supports the neck for side and back sleepers. Cooling gel layer.",
         "Memory foam"),
    Item("northfield-down-pillows", "Northfield Goose Down Pillows, 2 Pack", "Northfield Linen", BEDDING, 89.00,
         "Soft, lofty down pillows with a cotton shell, medium support.", "Goose down",
         sizes={"Standard/Queen": 89, "King": 109}),
    Item("northfield-waterproof-mattress-protector", "Northfield Waterproof Mattress Protector", "Northfield Linen", BEDDING, 39.00,
         "Quiet, breathable cover that protects against spills, sweat and bed bugs. Fits up to 18 in deep.",
         "Cotton terry", sizes=bed(39, 45, 49, 59)),
    Item("northfield-weighted-blanket", "Northfield Weighted Blanket", "Northfield Linen", BEDDING, 89.99,
         "Evenly weighted glass-bead blanket that feels like a hug for calmer sleep.", "Cotton",
         sizes={"15 lb": 89.99, "20 lb": 99.99}),
    Item("northfield-knit-throw-blanket", "Northfield Chunky Knit Throw Blanket", "Northfield Linen", BEDDING, 49.00,
         "Soft cotton cable-knit throw for the sofa; a cozy gift.", "Cotton",
         colors=("Oatmeal", "Charcoal", "Blush")),
    Item("northfield-cooling-pillowcases", "Northfield Cooling Pillowcases, Set of 2", "Northfield Linen", BEDDING, 24.99,
         "Silky viscose-from-bamboo pillowcases that feel cool for hot sleepers.", "Bamboo viscose",
         sizes={"Standard": 24.99, "King": 29.99}),
    # Bath
    Item("tidewater-cotton-bath-towel-set", "Tidewater 6-Piece Cotton Bath Towel Set", "Tidewater", BATH, 49.99,
         "Two bath towels, two hand towels and two washcloths in soft, absorbent 600 GSM cotton.", "Cotton",
         colors=("White", "Navy", "Sage", "Gray")),
    Item("tidewater-turkish-bath-sheets", "Tidewater Turkish Cotton Bath Sheets, 2 Pack", "Tidewater", BATH, 54.99,
         "Oversized 35 x 70 in towels of long-loop Turkish cotton; plush and quick to dry.", "Turkish cotton",
         colors=("White", "Gray")),
    Item("tidewater-waffle-towels", "Tidewater Quick-Dry Waffle Towels, 4 Pack", "Tidewater", BATH, 39.99,
         "Lightweight waffle weave cotton towels that dry fast; good for the gym and travel.", "Cotton",
         colors=("White", "Sand")),
    Item("tidewater-memory-foam-bath-mat", "Tidewater Memory Foam Bath Mat", "Tidewater", BATH, 24.99,
         "Cushy non-slip bath rug that soaks up water and feels soft underfoot.", "Memory foam",
         colors=("Gray", "Navy", "White")),
    Item("tidewater-waffle-shower-curtain", "Tidewater Waffle Weave Fabric Shower Curtain", "Tidewater", BATH, 29.99,
         "Hotel-style shower curtain, water repellent and machine washable. 72 x 72 in.", "Polyester",
         colors=("White", "Gray")),
    Item("tidewater-plush-bathrobe", "Tidewater Plush Fleece Bathrobe", "Tidewater", BATH, 59.99,
         "Warm, soft unisex robe with a shawl collar and two pockets.", "Polyester fleece",
         sizes={"S/M": 59.99, "L/XL": 59.99}),
    Item("hearth-shower-caddy", "Hearth & Harbor Stainless Hanging Shower Caddy", "Hearth & Harbor", BATH, 27.99,
         "Rust-proof caddy hangs over the shower head with shelves for shampoo and hooks for razors.",
         "Stainless steel"),
    Item("tidewater-beach-towel", "Tidewater Oversized Beach Towel", "Tidewater", BATH, 29.99,
         "Sand-resistant striped cotton beach and pool towel, 40 x 70 in.", "Cotton",
         colors=("Blue Stripe", "Coral Stripe")),
    # Cleaning
    Item("dustless-cordless-stick-vacuum", "Dustless Cordless Stick Vacuum", "Dustless", CLEANING, 199.99,
         "Lightweight vacuum with 40 minutes of run time, a HEPA filter and a motorized brush for carpet, hard "
         "floors and pet hair. Converts to a handheld.", "Plastic", sale=169.99),
    Item("dustless-robot-vacuum", "Dustless Robot Vacuum with App Control", "Dustless", CLEANING, 249.99,
         "Self-charging robot vacuum that cleans on a schedule; strong suction for pet hair, quiet enough for "
         "night.", "Plastic"),
    Item("dustless-handheld-vacuum", "Dustless Cordless Handheld Vacuum", "Dustless", CLEANING, 59.99,
         "Small rechargeable vacuum for crumbs, car seats and stairs.", "Plastic"),
    Item("dustless-spin-mop", "Dustless Spin Mop and Bucket", "Dustless", CLEANING, 34.99,
         "Foot-pedal spinner wrings the microfiber mop head; for tile, laminate and hardwood floors.", "Plastic"),
    Item("dustless-steam-mop", "Dustless Steam Mop", "Dustless", CLEANING, 79.99,
         "Sanitizes sealed floors with steam alone, no chemicals. Two washable pads.", "Plastic"),
    Item("dustless-microfiber-cloths", "Dustless Microfiber Cleaning Cloths, 24 Pack", "Dustless", CLEANING, 14.99,
         "Lint-free cloths for glass, stainless steel appliances, dusting and cars.", "Microfiber"),
    Item("dustless-dish-brushes", "Dustless Dish Brush Set", "Dustless", CLEANING, 9.99,
         "Bamboo-handled scrub brushes for pots, pans and bottles with replaceable heads.", "Bamboo"),
    Item("dustless-hepa-air-purifier", "Dustless HEPA Air Purifier", "Dustless", CLEANING, 129.99,
         "True HEPA filter captures dust, pollen, smoke and pet dander in rooms up to 400 sq ft. Quiet sleep mode.",
         "Plastic"),
    Item("hearth-dish-drying-rack", "Hearth & Harbor 2-Tier Dish Drying Rack", "Hearth & Harbor", CLEANING, 44.99,
         "Stainless steel dish rack with a drainboard, utensil holder and cup holder for small kitchens.",
         "Stainless steel"),
    Item("hearth-step-trash-can", "Hearth & Harbor 13-Gallon Step Trash Can", "Hearth & Harbor", CLEANING, 69.99,
         "Fingerprint-proof stainless kitchen garbage can with a soft-close lid and foot pedal.", "Stainless steel"),
    # Organization and linens
    Item("northfield-linen-apron", "Northfield Linen Kitchen Apron", "Northfield Linen", TOOLS, 24.00,
         "Cross-back linen apron with two deep pockets for cooking and baking.", "Linen",
         colors=("Natural", "Charcoal")),
    Item("tidewater-kitchen-towels", "Tidewater Cotton Kitchen Towels, 8 Pack", "Tidewater", TOOLS, 19.99,
         "Absorbent waffle-weave dish towels for drying dishes and hands.", "Cotton"),
    Item("hearth-bamboo-drawer-organizer", "Hearth & Harbor Expandable Bamboo Drawer Organizer", "Hearth & Harbor", ORGANIZING, 24.99,
         "Adjustable cutlery tray for silverware and utensils that expands to fit the drawer.", "Bamboo"),
    Item("hearth-lazy-susan", "Hearth & Harbor Lazy Susan Turntable", "Hearth & Harbor", ORGANIZING, 17.99,
         "Spinning organizer for spices, oils and condiments in the pantry or fridge.", "BPA-free plastic"),
    Item("hearth-pot-lid-organizer", "Hearth & Harbor Pan and Lid Organizer Rack", "Hearth & Harbor", ORGANIZING, 21.99,
         "Adjustable rack that stores frying pans, lids and baking sheets upright in a cabinet.", "Steel"),
]


def rows(item: Item) -> list[dict[str, str]]:
    """Feed rows for one product: one per colour/size combination."""
    colors = item.colors or ("",)
    sizes = item.sizes or {"": item.price}
    grouped = len(colors) * len(sizes) > 1
    out = []
    for color in colors:
        for size_name, price in sizes.items():
            suffix = "-".join(s.lower().replace(" ", "-").replace("/", "-") for s in (color, size_name) if s)
            scale = (item.sale / item.price) if item.sale else None
            out.append({
                "id": f"{item.id}-{suffix}" if grouped else item.id,
                "item_group_id": item.id if grouped else "",
                "title": item.title,
                "description": item.description,
                "brand": item.brand,
                "price": f"{price:.2f} USD",
                "sale_price": f"{price * scale:.2f} USD" if scale else "",
                "availability": "out of stock" if color in item.out_of_stock else "in stock",
                "product_type": item.category,
                "color": color,
                "size": size_name,
                "material": item.material,
                "link": STORE_URL + item.id,
            })
    return out


def main(argv: list[str]) -> int:
    """Write the feed as a Merchant Center TSV."""
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "hearth_harbor_feed.tsv"
    seen: set[str] = set()
    lines = ["\t".join(COLUMNS)]
    for item in ITEMS:
        if item.id in seen:
            raise ValueError(f"duplicate id {item.id}")
        seen.add(item.id)
        for row in rows(item):
            lines.append("\t".join(row[c] for c in COLUMNS))
    target.write_text("\n".join(lines) + "\n")
    print(f"{len(ITEMS)} products, {len(lines) - 1} feed rows -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
