#!/usr/bin/env python3
"""Writes the README's benchmark table from Google Benchmark's JSON output.

    bench_report.py --figures tests/bench/figures.json --results run.json [--readme README.md]

Each figure in figures.json is paired with the baseline measured in the same run and printed with
the ratio, the machine and the date of the run; the table replaces what stands between the
README's `<!-- bench-figures:begin -->` and `<!-- bench-figures:end -->` markers. A figure whose
benchmark did not run (filtered out, or PostgreSQL not available) is left out and named on stderr.
History belongs in docs/changelog.md, not in the table.
"""
import argparse
import json
import re
import sys

BEGIN = "<!-- bench-figures:begin -->"
END = "<!-- bench-figures:end -->"
TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds_per_iteration(run):
    return run["real_time"] * TIME_UNITS[run.get("time_unit", "ns")]


def per_second(run):
    if "items_per_second" in run:
        return run["items_per_second"]
    return 1.0 / seconds_per_iteration(run)


def find_run(runs, pattern):
    """The run whose name matches; for repeated runs the median aggregate wins."""
    matches = [r for r in runs if re.search(pattern, r["run_name"] if "run_name" in r else r["name"])]
    medians = [r for r in matches if r.get("aggregate_name") == "median"]
    plain = [r for r in matches if r.get("run_type", "iteration") == "iteration"]
    chosen = medians or plain
    return chosen[0] if chosen else None


def format_time(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return "%s %s" % (format_number(seconds / scale), unit)
    return "%s ns" % format_number(seconds / 1e-9)


def format_number(value):
    if value >= 100 or value == int(value):
        return "{:,.0f}".format(value)
    if value >= 10:
        return "%.1f" % value
    return "%.2f" % value


def format_value(run, metric, entry=None):
    if metric == "counter":
        return ("%s %s" % (format_number(run[entry["counter"]]), entry.get("unit", ""))).strip()
    if metric == "rate":
        return "%s/s" % format_number(per_second(run))
    return format_time(seconds_per_iteration(run))


def ratio(figure_run, baseline_run, metric, entry=None):
    """How many times the baseline the figure costs (time, counter), or reaches (rate)."""
    if metric == "counter":
        return times(figure_run[entry["counter"]] / baseline_run[entry["counter"]])
    if metric == "rate":
        value = per_second(figure_run) / per_second(baseline_run)
        return "%.2f× the baseline's rate" % value
    value = seconds_per_iteration(figure_run) / seconds_per_iteration(baseline_run)
    return times(value)


def times(value):
    """A ratio as a reader compares it: 1/8,700 rather than 0.00×."""
    if value < 0.1:
        return "1/{:,.0f}".format(1 / value)
    return "%.2f×" % value if value < 10 else "{:,.0f}×".format(value)


def cpu_model():
    """Google Benchmark's context names no processor; the run's machine is this one."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "processor unknown"


def speedup_row(entry, runs):
    """A 'speedup' figure: its rate over its own 1-thread rate ('figure_one'), beside the
    baseline's rate over the baseline's 1-thread rate ('baseline_one'), all from the same run."""
    found = [find_run(runs, entry[key]) for key in ("figure", "figure_one", "baseline", "baseline_one")]
    if any(run is None for run in found):
        return None
    figure, figure_one, baseline, baseline_one = (per_second(run) for run in found)
    gained, floor_gained = figure / figure_one, baseline / baseline_one
    return "| %s | %s/s, %.2f× its 1-thread rate | %s: %s/s, %.2f× its 1-thread rate | %.2f× the baseline's speed-up |" % (
        entry["what"], format_number(figure), gained, entry["baseline_what"],
        format_number(baseline), floor_gained, gained / floor_gained)


def table(figures, results):
    runs = results.get("benchmarks", [])
    context = results.get("context", {})
    lines = [
        "Measured %s on %s (%s CPUs, %s), Release build, `scripts/bench-report.sh`; "
        "each figure beside a baseline from the same run." % (
            context.get("date", "?")[:10], context.get("host_name", "?"),
            context.get("num_cpus", "?"), cpu_model()),
        "",
        "| what | figure | baseline, same run | ratio |",
        "|---|---|---|---|",
    ]
    missing = []
    for entry in figures:
        if entry["metric"] == "speedup":
            row = speedup_row(entry, runs)
            if row is None:
                missing.append(entry["what"])
            else:
                lines.append(row)
            continue
        figure_run = find_run(runs, entry["figure"])
        if figure_run is None:
            missing.append(entry["what"])
            continue
        baseline_run = find_run(runs, entry["baseline"]) if entry.get("baseline") else None
        baseline = "—"
        relation = "—"
        if baseline_run is not None:
            baseline = "%s: %s" % (entry["baseline_what"],
                                   format_value(baseline_run, entry["metric"], entry))
            relation = ratio(figure_run, baseline_run, entry["metric"], entry)
        lines.append("| %s | %s | %s | %s |" % (entry["what"],
                                                format_value(figure_run, entry["metric"], entry),
                                                baseline, relation))
    return "\n".join(lines), missing


def replace_between_markers(text, body):
    start = text.find(BEGIN)
    end = text.find(END)
    if start < 0 or end < start:
        raise SystemExit("bench_report: the README has no %s ... %s block" % (BEGIN, END))
    return text[:start + len(BEGIN)] + "\n" + body + "\n" + text[end:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--readme")
    args = parser.parse_args()
    with open(args.figures, encoding="utf-8") as f:
        figures = json.load(f)["figures"]
    with open(args.results, encoding="utf-8") as f:
        results = json.load(f)
    body, missing = table(figures, results)
    for what in missing:
        print("bench_report: no run for '%s' (left out)" % what, file=sys.stderr)
    if args.readme:
        with open(args.readme, encoding="utf-8") as f:
            text = f.read()
        with open(args.readme, "w", encoding="utf-8") as f:
            f.write(replace_between_markers(text, body))
    else:
        print(body)


if __name__ == "__main__":
    main()
