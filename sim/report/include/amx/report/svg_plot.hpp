// Minimal SVG charts for reports: line-chart small multiples sharing a
// legend, and stacked bar charts.
#pragma once

#include <string>
#include <utility>
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

// Labelled points on two numeric axes (e.g. cost against accuracy), one
// colour per group, with optional dashed reference lines at x values.
struct ScatterPoint {
  std::string label, group;
  double x = 0.0, y = 0.0;
};
struct ScatterChart {
  std::string title, x_label, y_label;
  std::vector<ScatterPoint> points;
  std::vector<std::pair<double, std::string>> x_refs;  // vertical reference lines and their captions
  bool log_axes = false;  // both axes in decades (x, y > 0), e.g. a roofline
  std::vector<std::pair<double, double>> line;         // a polyline in data units (the roof), and its caption
  std::string line_label;
};

std::string render_svg(const ScatterChart& chart);

}  // namespace amx::report
