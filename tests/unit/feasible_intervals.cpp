// feasible_intervals.cpp: a dense two-phase simplex, small and slow on purpose: tables in the
// attack tests have at most a few dozen figures, and simple code is easier to trust.
#include "feasible_intervals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace psp_test {
namespace {

constexpr double kEps = 1e-9;

// Linear equations over the unknowns (the suppressed figures): sum coef * x = rhs, x >= 0.
struct EquationSystem {
    std::size_t unknowns = 0;
    std::vector<std::vector<double>> rows;
    std::vector<double> rhs;
};

// One line of the table: members' sum equals the total. Known figures go to the right side.
class LineBuilder {
  public:
    explicit LineBuilder(EquationSystem &s,
                         const std::map<std::pair<std::size_t, std::size_t>, std::size_t> &index)
        : s_(s), index_(index), row_(s.unknowns, 0.0) {}
    void add(std::size_t r, std::size_t c, const psp::PublishedCount &v, double sign) {
        if (v) {
            rhs_ -= sign * static_cast<double>(*v);
        } else {
            row_[index_.at({r, c})] += sign;
        }
    }
    void finish() {
        s_.rows.push_back(row_);
        s_.rhs.push_back(rhs_);
    }

  private:
    EquationSystem &s_;
    const std::map<std::pair<std::size_t, std::size_t>, std::size_t> &index_;
    std::vector<double> row_;
    double rhs_ = 0;
};

class Simplex {
  public:
    // Phase 1 on s; throws when infeasible.
    explicit Simplex(const EquationSystem &s) : n_(s.unknowns), m_(s.rows.size()) {
        width_ = n_ + m_ + 1;
        for (std::size_t i = 0; i < m_; ++i) {
            const double sign = s.rhs[i] < 0 ? -1.0 : 1.0;
            std::vector<double> row(width_, 0.0);
            for (std::size_t j = 0; j < n_; ++j) {
                row[j] = sign * s.rows[i][j];
            }
            row[n_ + i] = 1.0;
            row[width_ - 1] = sign * s.rhs[i];
            t_.push_back(row);
            basis_.push_back(n_ + i);
        }
        std::vector<double> objective(width_ - 1, 0.0);
        for (std::size_t i = 0; i < m_; ++i) {
            objective[n_ + i] = -1.0;
        }
        if (!run(objective, width_ - 1) || value() < -kEps) {
            throw std::runtime_error("the published figures admit no completion");
        }
        drive_out_artificials();
    }

    // The maximum of x_j, or nothing when unbounded.
    std::optional<double> maximize(std::size_t j) {
        std::vector<double> objective(n_, 0.0);
        objective[j] = 1.0;
        if (!run(objective, n_)) {
            return std::nullopt;
        }
        return value();
    }
    std::optional<double> minimize(std::size_t j) {
        std::vector<double> objective(n_, 0.0);
        objective[j] = -1.0;
        run(objective, n_);  // bounded below by zero
        return -value();
    }

  private:
    double value() const { return -obj_[width_ - 1]; }

    void pivot(std::size_t r, std::size_t c) {
        const double p = t_[r][c];
        for (double &x : t_[r]) {
            x /= p;
        }
        for (std::size_t i = 0; i < t_.size(); ++i) {
            if (i == r || std::fabs(t_[i][c]) < kEps) {
                continue;
            }
            const double f = t_[i][c];
            for (std::size_t k = 0; k < width_; ++k) {
                t_[i][k] -= f * t_[r][k];
            }
        }
        const double f = obj_[c];
        for (std::size_t k = 0; k < width_; ++k) {
            obj_[k] -= f * t_[r][k];
        }
        basis_[r] = c;
    }

    // Maximises objective over columns [0, columns); false when unbounded.
    bool run(const std::vector<double> &objective, std::size_t columns) {
        obj_.assign(width_, 0.0);
        for (std::size_t j = 0; j < objective.size(); ++j) {
            obj_[j] = objective[j];
        }
        for (std::size_t i = 0; i < t_.size(); ++i) {
            const double f = obj_[basis_[i]];
            for (std::size_t k = 0; k < width_; ++k) {
                obj_[k] -= f * t_[i][k];
            }
        }
        for (;;) {
            std::size_t enter = columns;
            for (std::size_t j = 0; j < columns; ++j) {
                if (obj_[j] > kEps) {
                    enter = j;
                    break;
                }
            }
            if (enter == columns) {
                return true;
            }
            std::size_t leave = t_.size();
            double best = 0;
            for (std::size_t i = 0; i < t_.size(); ++i) {
                if (t_[i][enter] <= kEps) {
                    continue;
                }
                const double ratio = t_[i][width_ - 1] / t_[i][enter];
                if (leave == t_.size() || ratio < best - kEps ||
                    (ratio < best + kEps && basis_[i] < basis_[leave])) {
                    leave = i;
                    best = ratio;
                }
            }
            if (leave == t_.size()) {
                return false;
            }
            pivot(leave, enter);
        }
    }

    // Artificial variables still basic (at zero) leave for a real one, or their row is redundant.
    void drive_out_artificials() {
        for (std::size_t i = 0; i < t_.size();) {
            if (basis_[i] < n_) {
                ++i;
                continue;
            }
            std::size_t c = n_;
            for (std::size_t j = 0; j < n_; ++j) {
                if (std::fabs(t_[i][j]) > kEps) {
                    c = j;
                    break;
                }
            }
            if (c < n_) {
                pivot(i, c);
                ++i;
            } else {
                t_.erase(t_.begin() + static_cast<std::ptrdiff_t>(i));
                basis_.erase(basis_.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
    }

    std::size_t n_, m_, width_ = 0;
    std::vector<std::vector<double>> t_;
    std::vector<std::size_t> basis_;
    std::vector<double> obj_;
};

int64_t integral(double x) {
    const double r = std::round(x);
    if (std::fabs(r - x) > 1e-6) {
        throw std::runtime_error("a non-integral LP bound");
    }
    return static_cast<int64_t>(r);
}

FeasibleInterval solve(const EquationSystem &s, std::size_t unknown) {
    Simplex lp(s);
    FeasibleInterval out;
    out.lo = integral(*lp.minimize(unknown));
    if (std::optional<double> hi = lp.maximize(unknown)) {
        out.hi = integral(*hi);
    }
    return out;
}

}  // namespace

FigureGrid as_grid(const psp::PublishedTable &t) {
    FigureGrid grid;
    for (std::size_t r = 0; r < t.cells.size(); ++r) {
        std::vector<psp::PublishedCount> row = t.cells[r];
        row.push_back(t.row_totals[r]);
        grid.push_back(std::move(row));
    }
    std::vector<psp::PublishedCount> totals = t.column_totals;
    totals.push_back(t.grand_total);
    grid.push_back(std::move(totals));
    return grid;
}

FeasibleInterval feasible_interval(const FigureGrid &grid, std::size_t r, std::size_t c) {
    const std::size_t rows = grid.size() - 1, columns = grid.front().size() - 1;
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> index;
    EquationSystem s;
    for (std::size_t i = 0; i <= rows; ++i) {
        for (std::size_t j = 0; j <= columns; ++j) {
            if (!grid[i][j]) {
                index[{i, j}] = s.unknowns++;
            }
        }
    }
    if (grid[r][c]) {
        throw std::logic_error("the figure is published");
    }
    for (std::size_t i = 0; i < rows; ++i) {  // each row adds up to its total
        LineBuilder line(s, index);
        for (std::size_t j = 0; j < columns; ++j) {
            line.add(i, j, grid[i][j], 1.0);
        }
        line.add(i, columns, grid[i][columns], -1.0);
        line.finish();
    }
    for (std::size_t j = 0; j <= columns; ++j) {  // each column, totals too, adds up
        LineBuilder line(s, index);
        for (std::size_t i = 0; i < rows; ++i) {
            line.add(i, j, grid[i][j], 1.0);
        }
        line.add(rows, j, grid[rows][j], -1.0);
        line.finish();
    }
    return solve(s, index.at({r, c}));
}

FeasibleInterval feasible_interval(const psp::PublishedList &list, std::size_t i) {
    // A list is a one-row grid whose column totals are not published.
    FigureGrid grid(2);
    grid[0] = list.cells;
    grid[0].push_back(list.total);
    grid[1].assign(list.cells.size(), std::nullopt);
    grid[1].push_back(list.total);
    return feasible_interval(grid, 0, i);
}

CountGrid truth_grid(const CountGrid &counts, std::size_t columns) {
    CountGrid grid;
    std::vector<int64_t> totals(columns + 1, 0);
    for (const std::vector<int64_t> &row : counts) {
        std::vector<int64_t> full = row;
        int64_t sum = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            sum += row[c];
            totals[c] += row[c];
        }
        full.push_back(sum);
        totals[columns] += sum;
        grid.push_back(std::move(full));
    }
    grid.push_back(totals);
    return grid;
}

std::string describe(const CountGrid &counts) {
    std::ostringstream out;
    for (const std::vector<int64_t> &row : counts) {
        for (int64_t v : row) {
            out << v << ' ';
        }
        out << "| ";
    }
    return out.str();
}

std::string guarantee_violation(int64_t v, const FeasibleInterval &iv, int64_t threshold) {
    std::ostringstream out;
    const bool small = v >= 1 && v < threshold;
    if (v < iv.lo || (iv.hi && v > *iv.hi)) {
        out << "the truth lies outside the interval; ";
    }
    if (small && iv.hi && *iv.hi < threshold) {
        out << "shown to be below the threshold; ";
    }
    if (small && iv.lo > v - 1) {
        out << "pinned from below; ";
    }
    if (!small && iv.hi && iv.lo == *iv.hi) {
        out << "determined exactly; ";
    }
    if (out.str().empty()) {
        return {};
    }
    out << "value " << v << ", interval [" << iv.lo << ", "
        << (iv.hi ? std::to_string(*iv.hi) : "inf") << "]";
    return out.str();
}

int expect_table_resists(const psp::PublishedTable &published, const CountGrid &counts,
                         std::size_t columns, int64_t threshold) {
    const FigureGrid grid = as_grid(published);
    const CountGrid truth = truth_grid(counts, columns);
    int suppressed = 0;
    for (std::size_t r = 0; r < grid.size(); ++r) {
        for (std::size_t c = 0; c < grid[r].size(); ++c) {
            const int64_t v = truth[r][c];
            if (grid[r][c]) {
                EXPECT_EQ(*grid[r][c], v) << describe(counts);
                EXPECT_FALSE(v >= 1 && v < threshold)
                    << "published small count " << v << " in " << describe(counts);
                continue;
            }
            ++suppressed;
            EXPECT_EQ(guarantee_violation(v, feasible_interval(grid, r, c), threshold), "")
                << "figure (" << r << "," << c << ") of " << describe(counts);
        }
    }
    return suppressed;
}

}  // namespace psp_test
