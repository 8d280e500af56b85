"""`python -m frontline.geo`: build the geoparsing index ahead of time."""

from frontline.geo.index import main

main()
