run --plan in/plan-bound.json -p in/prov-swapped.psd1
