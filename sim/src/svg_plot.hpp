// Minimal SVG charts for reports: line-chart small multiples sharing a
// legend, and stacked bar charts.
#pragma once

#include <string>
#include <vector>

namespace amx::report {

struct Series {
  std::string name;
  std::vector<double> y;  // one value per x category; NaN = no point
};

struct Panel {
  std::string title;
  std::vector<Series> series;
};

struct LineChart {
  std::string title;
  std::string x_label, y_label;
  std::vector<std::string> x_categories;
  std::vector<Panel> panels;
  int columns = 3;
};

std::string render_svg(const LineChart& chart);

// Horizontal stacked bars: one bar per row, one colour per segment name
// (a value per row), the row's total printed at its end.
struct BarChart {
  std::string title, x_label;
  std::vector<std::string> rows;
  std::vector<Series> segments;  // Series::y has one value per row
};

std::string render_svg(const BarChart& chart);

}  // namespace amx::report
