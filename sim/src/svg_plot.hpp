// Minimal SVG line charts for reports: small multiples sharing a legend.
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

}  // namespace amx::report
