"""Shopper queries for the Luma demo catalog and the rules that grade its products (run to rewrite the TSVs).

Grades: 3 = what the shopper asked for, 2 = a good substitute or a partial match (right kind, wrong
colour/size/price), 1 = related (same department), 0 = not relevant. Judged against the catalog's own
titles, descriptions, categories, colours, sizes and prices; nothing here is read by the ranking.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.judging import (
    Query, category, color, gender, ids, price_at_least, price_at_most, size, tag, text, title, write,
)

HOOD = category("hoodies & sweatshirts")
JACK = category("jackets")
TEE = category("tees")
TANK = category("tanks")  # men's Tanks and women's Bras & Tanks
BRA_TANK = category("bras & tanks")
PANTS = category("pants")
SHORTS = category("shorts")
BAG = category("bags")
GEAR = category("fitness equipment")
WATCH = category("watches")
M = gender("male")
W = gender("female")
TOPS = HOOD | JACK | TEE | TANK
APPAREL = TOPS | PANTS | SHORTS
YOGA = text(r"\byoga\b")
RUN = text(r"\b(run|runs|running|runner|runners|jog|jogging)\b")
STASIS = title("stasis ball")
STRAP = title("yoga strap")

QUERIES = [
    # Model names, as shoppers half-remember them
    Query("chaz hoodie", ids("chaz-kangeroo-hoodie"), grade1=HOOD & M),
    Query("chaz kangaroo hoodie", ids("chaz-kangeroo-hoodie"), grade1=HOOD & M),
    Query("chas hoody", ids("chaz-kangeroo-hoodie"), grade1=HOOD & M),
    Query("stark fundamental hoodie", ids("stark-fundamental-hoodie"), grade1=HOOD & M),
    Query("juno jacket", ids("juno-jacket"), grade1=JACK & W),
    Query("proteus jackshirt", ids("proteus-fitness-jackshirt"), grade1=JACK & M),
    Query("didi sport watch", ids("didi-sport-watch"), title("sport watch"), WATCH),
    Query("push it messenger bag", ids("push-it-messenger-bag"), title("messenger"), BAG),
    Query("zing jump rope", ids("zing-jump-rope"), grade1=GEAR & tag("cardio")),
    Query("olivia 1/4 zip jacket", ids("olivia-1-4-zip-light-jacket"), JACK & W & text(r"1/4 zip|¼ zip|quarter zip"), JACK & W),
    Query("ryker v-neck tee", ids("ryker-lumatech-trade-tee-v-neck"), ids("ryker-lumatech-trade-tee-crew-neck") | TEE & title("v-neck"), TEE & M),
    Query("atomic endurance running tee", title("atomic endurance"), grade1=TEE & RUN),
    Query("affirm water bottle", ids("affirm-water-bottle"), grade1=BAG & text("water bottle")),
    Query("overnight duffle", ids("overnight-duffle"), title("duffle"), BAG),
    Query("typhon fleece lined jacket", ids("typhon-performance-fleece-lined-jacket"), grade1=JACK & text("fleece")),
    Query("lando gym jacket", ids("lando-gym-jacket"), grade1=JACK & M),
    Query("deirdre capri", ids("deirdre-relaxed-fit-capri"), grade1=title("capri")),
    Query("echo fit compression shorts", ids("echo-fit-compression-short"), title("compression"), SHORTS & W),
    Query("sprite stasis ball 65 cm", STASIS & title("65"), STASIS, GEAR),
    Query("sprite yoga strap 8 foot", STRAP & title(r"\b8 foot"), STRAP, title("sprite")),
    Query("harmony lumaflex strength band kit", ids("harmony-lumaflex-trade-strength-band-kit"), title("lumaflex"), GEAR),
    Query("hero hoodie", ids("hero-hoodie"), grade1=HOOD & M),
    Query("mars heattech pullover", ids("mars-heattech-trade-pullover"), grade1=JACK & M),
    Query("cronus yoga pant", ids("cronus-yoga-pant"), PANTS & M & title("yoga"), PANTS & title("yoga")),
    Query("selene yoga hoodie", ids("selene-yoga-hoodie"), grade1=HOOD & W),
    Query("neve dance jacket", ids("neve-studio-dance-jacket"), grade1=JACK & W),
    Query("breathe easy tank", ids("breathe-easy-tank"), grade1=BRA_TANK),
    Query("luma watch", ids("luma-analog-watch"), WATCH),
    # Misspellings and informal words
    Query("hoodei for men", HOOD & M & title("hood"), HOOD & M, HOOD & W),
    Query("womens sweatshrit", HOOD & W & title("sweatshirt"), HOOD & W, HOOD & M & title("sweatshirt")),
    Query("leggins", title("leggings|tights"), PANTS & W),
    Query("yoga pnats", PANTS & title("yoga"), PANTS & YOGA, PANTS),
    Query("backpak", title("backpack"), grade1=BAG),
    Query("duffel bag", title("duffle"), grade1=BAG),
    Query("tshirt women", TEE & W, grade1=TEE & M),
    Query("mens t shirt", TEE & M, grade1=TEE & W),
    Query("wacth", WATCH),
    Query("jaket for women", JACK & W, grade1=JACK & M),
    Query("messanger bag", title("messenger"), title("tote|shoulder"), BAG),
    Query("stasis bal", STASIS, grade1=GEAR),
    Query("excercise ball", STASIS, title("cardio ball"), GEAR),
    Query("sweatpants mens", PANTS & M & title(r"warm-?up|track|jogging|gym pant|sport pant"), PANTS & M, PANTS & W),
    Query("capris", title("capri"), PANTS & W),
    Query("sports bra", title(r"\bbra\b"), BRA_TANK),
    Query("sprots bra black", title(r"\bbra\b") & color("black"), title(r"\bbra\b"), BRA_TANK & color("black")),
    # Colours
    Query("black hoodie", HOOD & title("hood") & color("black"), HOOD & color("black"), HOOD),
    Query("red running shorts women", SHORTS & W & color("red") & title("running"),
          SHORTS & W & (color("red") | title("running")), SHORTS & (color("red") | title("running"))),
    Query("purple yoga pants", PANTS & color("purple") & YOGA, PANTS & (color("purple") | title("yoga")), PANTS),
    Query("blue tank top men", TANK & M & color("blue"), TANK & M, BRA_TANK & color("blue")),
    Query("white tee for women", TEE & W & color("white"), TEE & W, TEE & color("white")),
    Query("gray sweatshirt", HOOD & title("sweatshirt") & color("gray"), HOOD & color("gray"), HOOD & title("sweatshirt")),
    Query("orange jacket", JACK & color("orange"), grade1=JACK),
    Query("yellow sports bra", title(r"\bbra\b") & color("yellow"), title(r"\bbra\b") | BRA_TANK & color("yellow"), BRA_TANK),
    Query("green shorts men", SHORTS & M & color("green"), SHORTS & M, SHORTS & color("green")),
    Query("pink exercise ball", STASIS & ids(*(f"sprite-stasis-ball-{s}-cm-pink" for s in (55, 65, 75))), STASIS, GEAR),
    Query("lavender hoodie", HOOD & color("lavender"), HOOD & color("purple"), HOOD),
    Query("brown tee", TEE & color("brown"), grade1=TEE),
    Query("navy blue pants men", PANTS & M & color("blue"), PANTS & M, PANTS & color("blue")),
    Query("black leggings", title("leggings|tights") & color("black"), title("leggings|tights") | PANTS & W & color("black"), PANTS & W),
    # Sizes
    Query("mens shorts size 34", SHORTS & M & size("34"), SHORTS & M, SHORTS),
    Query("womens shorts size 32", SHORTS & W & size("32"), SHORTS & W, SHORTS & M & size("32")),
    Query("xl hoodie", HOOD & size("xl") & title("hood"), HOOD & size("xl")),
    Query("small tank top women", BRA_TANK & size("s") & title("tank"), BRA_TANK, TANK & M),
    Query("75 cm exercise ball", STASIS & title("75"), STASIS, title("cardio ball")),
    Query("6 ft yoga strap", STRAP & title(r"\b6 foot"), STRAP, GEAR & tag("yoga")),
    Query("womens capri size 29", title("capri") & size("29"), PANTS & W & size("29"), PANTS & W),
    Query("mens yoga pants 36", PANTS & M & title("yoga") & size("36"), PANTS & M & YOGA, PANTS & M),
    # Price words (the ranking sees them as text; the conversation layer turns them into filters)
    Query("cheap tee under 25", TEE & price_at_most(25), TEE & price_at_most(30), TEE),
    Query("hoodie under 50", HOOD & price_at_most(50), grade1=HOOD),
    Query("watch under $50", WATCH & price_at_most(50), grade1=WATCH),
    Query("bag less than 40 dollars", BAG & price_at_most(40), grade1=BAG),
    Query("affordable yoga pants", PANTS & title("yoga") & price_at_most(45), PANTS & YOGA, PANTS),
    Query("budget gym shorts men", SHORTS & M & price_at_most(30), SHORTS & M, SHORTS),
    Query("premium jacket over 70", JACK & price_at_least(70), grade1=JACK),
    Query("workout gear under 20 bucks", GEAR & price_at_most(20), GEAR, TANK & price_at_most(20)),
    Query("$5 yoga brick", title("yoga brick"), grade1=GEAR & tag("yoga")),
    Query("on sale womens tops", W & TOPS & tag("sale", "women sale"), W & tag("sale", "women sale"), TOPS & tag("sale")),
    Query("new arrivals for men", M & tag("new"), tag("new")),
    # Vague needs
    Query("something for yoga", title("yoga"), YOGA | GEAR & tag("yoga"), tag("new luma yoga collection")),
    Query("gift for a runner", title("running"), RUN & APPAREL | WATCH & text("pedometer|timer"), WATCH | title("water bottle")),
    Query("keep warm on winter runs", (JACK | HOOD | PANTS) & text(r"\b(cold|winter|chilly|frigid|insulat\w*|warmth|toasty)"),
          (JACK | HOOD) & text("fleece"), JACK | HOOD),
    Query("rain jacket", JACK & text(r"\brain|water[- ]?(repellent|resistant|proof)|storm"), JACK & text(r"wind|weather|elements"), JACK),
    Query("gym bag", BAG & text(r"\bgym\b"), BAG & title("duffle|tote"), BAG),
    Query("bag that fits my laptop", BAG & text("laptop"), BAG & title("backpack|messenger"), BAG),
    Query("home workout equipment", GEAR & ~title("water bottle"), ids("affirm-water-bottle")),
    Query("stay hydrated during workouts", title("water bottle"), grade1=BAG & text("water bottle")),
    Query("track my workout time", WATCH & text(r"timer|stopwatch|chrono|\blap|pedometer|workout"), WATCH),
    Query("core workout", STASIS, GEAR & text(r"\babs\b|\bcore\b|toning|strength"), GEAR),
    Query("stretching", STRAP | title("foam roller"), GEAR & tag("yoga"), GEAR),
    Query("cold weather training top", (HOOD | JACK | TEE) & text(r"\b(cold|chilly|winter|frigid)"), HOOD | JACK),
    Query("breathable shorts for hot weather runs", SHORTS & RUN & text(r"breath|ventil|mesh|lightweight"),
          SHORTS & (RUN | text(r"breath|ventil|mesh|lightweight")), SHORTS),
    Query("hiking jacket", JACK & text(r"\bhik|trek|\btrail|mountain|outdoor"), JACK & text(r"wind|weather|elements"), JACK),
    Query("bikram yoga", title("bikram"), text("bikram"), YOGA),
    Query("eco friendly clothing", APPAREL & tag("eco friendly", "eco-friendly"), APPAREL & text("organic")),
    Query("organic cotton tee", TEE & (text("organic") | tag("organic cotton")), TANK & (text("organic") | tag("organic cotton")), TEE),
    Query("uv protection shirt", (TEE | TANK | JACK) & text(r"\buv\b"), text(r"\buv\b"), TEE),
    Query("moisture wicking shirt", (TEE | TANK) & text("wick"), TEE | TANK, text("wick")),
    Query("reflective running gear for night", text("reflect") & RUN, text("reflect"), RUN & APPAREL),
    Query("packable wind jacket", ids("montana-wind-jacket"), JACK & text(r"\bwind"), JACK),
    Query("weekend travel bag", title("duffle"), BAG & title("backpack|tote"), BAG),
    Query("cardio equipment", GEAR & tag("cardio"), GEAR),
    Query("strength training at home", GEAR & text(r"strength|toning|resistance|\bband|grips|push-?up"), GEAR, title("weightlifting")),
    Query("compression shorts", title("compression"), SHORTS & text("compression"), SHORTS),
    Query("gift for my wife who does yoga", (W & APPAREL & YOGA) | GEAR & tag("yoga") | title("yoga bag"), YOGA, W & APPAREL),
    Query("present for a guy who lifts weights", title("weightlifting") | GEAR & text(r"strength|grips|push-?up"),
          M & (TANK | TEE | SHORTS | PANTS) & text(r"\bgym\b|weights|iron|\blift|strength"), M & APPAREL),
    Query("somewhere to keep my phone and keys while running", (SHORTS | PANTS | JACK) & text(r"\bpocket") & RUN,
          APPAREL & text(r"\bpocket"), BAG),
    Query("cute top for pilates", W & (TEE | TANK) & text(r"yoga|studio|pilates|practice"), W & (TEE | TANK), GEAR & tag("yoga")),
    Query("warm fleece for women", W & (HOOD | JACK) & text("fleece"), W & (HOOD | JACK), text("fleece")),
    Query("layering piece for golf", ids("ajax-full-zip-sweatshirt"), (HOOD | JACK) & text("layer"), HOOD | JACK),
    Query("something for cycling", text(r"\bbike|cycl"), SHORTS, PANTS),
    Query("swim shorts", ids("mimi-all-purpose-short"), grade1=SHORTS),
    Query("dance class jacket", ids("neve-studio-dance-jacket"), JACK & W & text("studio|yoga"), JACK & W),
    Query("watch with leather band", WATCH & text("leather"), WATCH),
    Query("digital watch", WATCH & text("digital"), WATCH),
    Query("analog watch for women", ids("luma-analog-watch"), WATCH & text("analog"), WATCH),
    Query("full zip hoodie", HOOD & text(r"full[- ]zip"), HOOD & text(r"\bzip"), HOOD),
    Query("pullover hoodie men", HOOD & M & text("pullover"), HOOD & M, HOOD & text("pullover")),
    Query("v neck tee", TEE & title(r"v-neck|v-tee|v neck"), TEE & text("v-neck"), TEE),
    Query("long sleeve shirt", (TEE | TANK | HOOD | JACK) & text(r"long[- ]sleeve"), TEE),
    Query("running jacket women", JACK & W & RUN, JACK & W, JACK & RUN),
    Query("mens running tank", TANK & M & RUN, TANK & M, TEE & M & RUN),
    Query("tights for men", PANTS & M & title("tight"), PANTS & M & text(r"stretch|fitted|compression"), title("tight")),
    Query("sleeveless workout top women", BRA_TANK & title("tank"), BRA_TANK, TANK & M),
    Query("crewneck sweatshirt", title("crewneck"), HOOD & title("sweatshirt"), HOOD),
    Query("quarter zip pullover", (JACK | HOOD) & text(r"1/4 zip|¼ zip|quarter[- ]zip|half[- ]zip"), (JACK | HOOD) & text("pullover"), JACK | HOOD),
    Query("gym tee for guys", TEE & M & text(r"\bgym\b|workout|training"), TEE & M, TANK & M),
    Query("ladies running shorts", SHORTS & W & title("running"), SHORTS & W & RUN, SHORTS & W),
    Query("mens shorts with zip pockets", SHORTS & M & text(r"zip\w* pocket"), SHORTS & M & text(r"\bpocket"), SHORTS & M),
    # Fabric technologies and collections (the store's own brands)
    Query("lumatech pants", PANTS & (text("lumatech") | tag("lumatech™")), text("lumatech") | tag("lumatech™"), PANTS),
    Query("cooltech shorts", SHORTS & (text("cooltech") | tag("cooltech™")), text("cooltech") | tag("cooltech™"), SHORTS),
    Query("evercool tee", TEE & (text("evercool") | tag("evercool™")), text("evercool") | tag("evercool™"), TEE),
    Query("heattec shirt", (TEE | TANK) & (text("heattec") | tag("heattec®")), text("heattec") | tag("heattec®"), TEE),
    Query("cocona fabric tee", TEE & text("cocona"), text("cocona"), TEE),
    Query("lycra shorts", SHORTS & (text("lycra") | tag("lycra®")), SHORTS & text("spandex"), SHORTS),
    Query("erin recommends", tag("erin recommends", "erin-recommends")),
    # Gear
    Query("foam roller", title("foam roller"), title("yoga brick"), GEAR & tag("yoga")),
    Query("yoga mat", grade2=title("yoga brick|yoga strap|foam roller"), grade1=GEAR & tag("yoga")),
    Query("jump rope", title("jump rope"), grade1=GEAR & tag("cardio")),
    Query("resistance bands", title(r"\bband"), GEAR & text("band|resistance"), GEAR),
    Query("push up grips", title("pushup grips"), grade1=GEAR),
    Query("sports watch with pedometer", WATCH & text("pedometer"), WATCH & text(r"sport|exercise"), WATCH),
    Query("yoga bag", title("yoga bag"), BAG & YOGA, BAG),
]


def main(argv: list[str]) -> int:
    """Read the catalog and write queries.tsv and qrels.tsv beside this file."""
    from assistant.catalog.importers import read_catalog

    catalog = Path(argv[1]) if len(argv) > 1 else Path("demo_data/catalog/luma_shopify.csv")
    result = read_catalog(catalog)
    queries, qrels = write(QUERIES, result.products, Path(__file__).parent, "L")
    print(f"{queries} queries, {qrels} judged (query, product) pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
