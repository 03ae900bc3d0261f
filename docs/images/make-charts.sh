#!/usr/bin/env bash
# Remake the pictures of docs/charts.md with the real commands (run from the repository's root).
set -euo pipefail
export SOURCE_DATE_EPOCH=1717113600   # the footer's date: 2024-05-31, so the files do not change by day
A=scenarios/proposal-2024-05-31.yaml
S=scenarios/proposal-talks-stall.yaml
M=scenarios/proposal-mediator-pressure.yaml
P=scenarios/proposal-spoiler-campaign.yaml
ceasefire-sim chart $A $S $M --kind states --runs 1000 --dpi 72 --out docs/images/chart-states.png
ceasefire-sim chart $A $S $M --kind outcomes --runs 1000 --dpi 72 --out docs/images/chart-outcomes.png
ceasefire-sim chart $A $S $M --kind survival --runs 1000 --dpi 72 --out docs/images/chart-survival.png
ceasefire-sim chart $A $P $M --kind timeline --runs 1000 --replication 3 --dpi 72 --out docs/images/chart-timeline.png
ceasefire-sim chart $A $S $M --kind fan --runs 1000 --dpi 72 --out docs/images/chart-fan.png
ceasefire-sim chart $A $S $M --kind aid --runs 1000 --dpi 72 --out docs/images/chart-aid.png
ceasefire-sim chart $A --kind diagram --runs 1000 --dpi 72 --out docs/images/chart-diagram.png
ceasefire-sim diagram --format png --dpi 72 --out docs/images/chart-machine.png
# docs/drivers.md: the worked example (about 25 minutes on 2 cores)
ceasefire-sim sensitivity scenarios/agreement-2025-01.yaml --runs 200 --trajectories 10 --max-samples 256 --jobs 2 --out results/drivers/
cp results/drivers/sensitivity.png docs/images/drivers-agreement-2025.png
ceasefire-sim discover scenarios/agreement-2025-01.yaml --samples 200 --runs 50 --jobs 2 --out results/discover/
cp results/discover/discover.png docs/images/discover-agreement-2025.png
ceasefire-sim diff scenarios/agreement-2025-01.yaml scenarios/agreement-2025-01-guarantee.yaml --runs 1000 --jobs 2 --out results/diff/
cp results/diff/waterfall.png docs/images/diff-agreement-guarantee.png
# The forecast page (docs/forecast.md): as of 1 March 2025, with the backtest.
ceasefire-sim -q forecast scenarios/agreement-2025-01.yaml scenarios/records/record-2025-01-to-03.csv --as-of 2025-03-01 \
    --by 2025-03-18 --runs 4000 --backtest --out results/forecast/
cp results/forecast/forecast.png docs/images/forecast-agreement-2025.png
cp results/forecast/reliability.png docs/images/forecast-reliability-2025.png
