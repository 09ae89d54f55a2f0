#!/usr/bin/env python3
"""bench_report_test.py: scripts/bench_report.py writes the README's figures from a run's JSON.

Runs the real script on a small Google Benchmark JSON document and checks what it writes: each
figure beside its same-run baseline and the ratio, the run's date and machine, the README outside
the markers untouched, and a figure whose benchmark did not run left out and named.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "bench_report.py")

FIGURES = {"figures": [
    {"what": "sync", "figure": "^BM_Sync/100000", "baseline": "^BM_Baseline_Insert/100000",
     "baseline_what": "bare insert", "metric": "time"},
    {"what": "transitions", "figure": "^BM_Transitions/real_time/threads:1$",
     "baseline": "^BM_Baseline_Commit/real_time/threads:1$", "baseline_what": "bare commit",
     "metric": "rate"},
    {"what": "get", "figure": "^Fixture/Get$", "metric": "time"},
    {"what": "never ran", "figure": "^BM_Absent$", "metric": "time"},
    {"what": "memory", "figure": "^BM_Many/1000", "baseline": "^BM_Bare/1000",
     "baseline_what": "bare", "metric": "counter", "counter": "rss_kib", "unit": "KiB"},
    {"what": "reads, 2 threads", "figure": "^BM_Read/threads:2$", "figure_one": "^BM_Read/threads:1$",
     "baseline": "^BM_Floor/threads:2$", "baseline_one": "^BM_Floor/threads:1$",
     "baseline_what": "floor, 2 threads", "metric": "speedup"},
]}

RESULTS = {
    "context": {"date": "2026-12-04T16:00:00+00:00", "host_name": "bench-host", "num_cpus": 2},
    "benchmarks": [
        {"name": "BM_Sync/100000/iterations:3", "run_name": "BM_Sync/100000/iterations:3",
         "run_type": "iteration", "real_time": 900.0, "time_unit": "ms"},
        {"name": "BM_Baseline_Insert/100000/iterations:3",
         "run_name": "BM_Baseline_Insert/100000/iterations:3", "run_type": "iteration",
         "real_time": 300.0, "time_unit": "ms"},
        {"name": "BM_Transitions/real_time/threads:1", "run_name": "BM_Transitions/real_time/threads:1",
         "run_type": "iteration", "real_time": 500.0, "time_unit": "us"},
        {"name": "BM_Baseline_Commit/real_time/threads:1",
         "run_name": "BM_Baseline_Commit/real_time/threads:1", "run_type": "iteration",
         "real_time": 250.0, "time_unit": "us"},
        {"name": "Fixture/Get", "run_name": "Fixture/Get", "run_type": "iteration",
         "real_time": 21400.0, "time_unit": "ns"},
        {"name": "BM_Many/1000/iterations:1", "run_name": "BM_Many/1000/iterations:1",
         "run_type": "iteration", "real_time": 9.0, "time_unit": "s", "rss_kib": 450.0},
        {"name": "BM_Bare/1000/iterations:1", "run_name": "BM_Bare/1000/iterations:1",
         "run_type": "iteration", "real_time": 5.0, "time_unit": "s", "rss_kib": 150.0},
        {"name": "BM_Read/threads:1", "run_name": "BM_Read/threads:1", "run_type": "iteration",
         "real_time": 25.0, "time_unit": "us", "items_per_second": 40000.0},
        {"name": "BM_Read/threads:2", "run_name": "BM_Read/threads:2", "run_type": "iteration",
         "real_time": 25.0, "time_unit": "us", "items_per_second": 76000.0},
        {"name": "BM_Floor/threads:1", "run_name": "BM_Floor/threads:1", "run_type": "iteration",
         "real_time": 20.0, "time_unit": "us", "items_per_second": 50000.0},
        {"name": "BM_Floor/threads:2", "run_name": "BM_Floor/threads:2", "run_type": "iteration",
         "real_time": 20.0, "time_unit": "us", "items_per_second": 65000.0},
    ],
}

README = "# Title\n\nbefore\n<!-- bench-figures:begin -->\nold table\n<!-- bench-figures:end -->\nafter\n"


class BenchReport(unittest.TestCase):
    def run_report(self):
        with tempfile.TemporaryDirectory() as folder:
            paths = {name: os.path.join(folder, name) for name in ("f.json", "r.json", "README.md")}
            with open(paths["f.json"], "w") as f:
                json.dump(FIGURES, f)
            with open(paths["r.json"], "w") as f:
                json.dump(RESULTS, f)
            with open(paths["README.md"], "w") as f:
                f.write(README)
            done = subprocess.run([sys.executable, SCRIPT, "--figures", paths["f.json"], "--results",
                                   paths["r.json"], "--readme", paths["README.md"]],
                                  capture_output=True, text=True, check=True)
            with open(paths["README.md"]) as f:
                return f.read(), done.stderr

    def test_each_figure_stands_beside_its_baseline_and_ratio(self):
        text, _ = self.run_report()
        self.assertIn("| sync | 900 ms | bare insert: 300 ms | 3.00× |", text)
        self.assertIn("| transitions | 2,000/s | bare commit: 4,000/s | 0.50× the baseline's rate |",
                      text)
        self.assertIn("| get | 21.4 µs | — | — |", text)
        self.assertIn("| memory | 450 KiB | bare: 150 KiB | 3.00× |", text)
        # Scaling: each rate over its own 1-thread rate, then the two speed-ups compared.
        self.assertIn("| reads, 2 threads | 76,000/s, 1.90× its 1-thread rate | floor, 2 threads: "
                      "65,000/s, 1.30× its 1-thread rate | 1.46× the baseline's speed-up |", text)

    def test_a_figure_far_below_its_baseline_reads_as_a_fraction_and_counts_as_whole(self):
        sys.path.insert(0, os.path.dirname(SCRIPT))
        import bench_report  # pylint: disable=import-outside-toplevel
        self.assertEqual(bench_report.times(1 / 8700), "1/8,700")
        self.assertEqual(bench_report.times(0.5), "0.50×")
        self.assertEqual(bench_report.format_number(72.0), "72")
        self.assertEqual(bench_report.format_number(7.25), "7.25")

    def test_the_run_is_dated_and_its_machine_named(self):
        text, _ = self.run_report()
        self.assertIn("Measured 2026-12-04 on bench-host (2 CPUs", text)

    def test_only_the_block_between_the_markers_changes(self):
        text, _ = self.run_report()
        self.assertTrue(text.startswith("# Title\n\nbefore\n<!-- bench-figures:begin -->\n"))
        self.assertTrue(text.endswith("<!-- bench-figures:end -->\nafter\n"))
        self.assertNotIn("old table", text)

    def test_a_figure_that_did_not_run_is_left_out_and_named(self):
        text, errors = self.run_report()
        self.assertNotIn("never ran", text)
        self.assertIn("no run for 'never ran'", errors)


if __name__ == "__main__":
    unittest.main()
