// SVG written as text, so reports need no plotting package at run time:
// axes with round ticks, a legend, points, lines and stacked bars.
#include "amx/report/svg_plot.hpp"
#include "amx/report/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace amx::report {

namespace {

const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string esc(const std::string& s) { return xml_text(s); }

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// A "nice" tick step for the span.
double tick_step(double span) {
  const double raw = span / 5.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10.0 * mag;
}

}  // namespace

std::string render_svg(const LineChart& c) {
  const int pw = 360, ph = 260, ml = 55, mr = 15, mt = 30, mb = 45;
  const int cols = std::max(1, std::min<int>(c.columns, static_cast<int>(c.panels.size())));
  const int rows = (static_cast<int>(c.panels.size()) + cols - 1) / cols;
  std::vector<std::string> names;
  for (const auto& p : c.panels)
    for (const auto& s : p.series)
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
  const int legend_h = 24 * ((static_cast<int>(names.size()) + 3) / 4) + 10;
  const int width = cols * pw, height = 40 + rows * ph + legend_h;
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">" << esc(c.title)
    << "</text>\n";
  const size_t nx = c.x_categories.size();
  for (size_t pi = 0; pi < c.panels.size(); ++pi) {
    const Panel& p = c.panels[pi];
    const int ox = static_cast<int>(pi % static_cast<size_t>(cols)) * pw;
    const int oy = 40 + static_cast<int>(pi / static_cast<size_t>(cols)) * ph;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& s : p.series)
      for (double v : s.y)
        if (std::isfinite(v)) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    if (hi - lo < 1e-9) lo -= 1, hi += 1;
    const double step = tick_step(hi - lo);
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
    const double x0 = ox + ml, x1 = ox + pw - mr, y0 = oy + ph - mb, y1 = oy + mt;
    auto X = [&](size_t i) { return nx <= 1 ? (x0 + x1) / 2 : x0 + (x1 - x0) * static_cast<double>(i) / static_cast<double>(nx - 1); };
    auto Y = [&](double v) { return y0 - (y0 - y1) * (v - lo) / (hi - lo); };
    o << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << oy + 18 << "\" text-anchor=\"middle\" font-size=\"13\">"
      << esc(p.title) << "</text>\n";
    for (double t = lo; t <= hi + step * 1e-6; t += step) {
      o << "<line x1=\"" << x0 << "\" x2=\"" << x1 << "\" y1=\"" << num(Y(t)) << "\" y2=\"" << num(Y(t))
        << "\" stroke=\"#e0e0e0\"/>\n";
      o << "<text x=\"" << x0 - 4 << "\" y=\"" << num(Y(t) + 4) << "\" text-anchor=\"end\">" << num(t) << "</text>\n";
    }
    for (size_t i = 0; i < nx; ++i)
      o << "<text x=\"" << num(X(i)) << "\" y=\"" << y0 + 15 << "\" text-anchor=\"middle\">"
        << esc(c.x_categories[i]) << "</text>\n";
    o << "<rect x=\"" << x0 << "\" y=\"" << y1 << "\" width=\"" << x1 - x0 << "\" height=\"" << y0 - y1
      << "\" fill=\"none\" stroke=\"#444\"/>\n";
    o << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << y0 + 32 << "\" text-anchor=\"middle\">" << esc(c.x_label)
      << "</text>\n";
    o << "<text transform=\"translate(" << ox + 14 << "," << (y0 + y1) / 2
      << ") rotate(-90)\" text-anchor=\"middle\">" << esc(c.y_label) << "</text>\n";
    for (const auto& s : p.series) {
      const size_t ci = static_cast<size_t>(std::find(names.begin(), names.end(), s.name) - names.begin());
      const char* col = kPalette[ci % (sizeof kPalette / sizeof *kPalette)];
      std::string pts;
      for (size_t i = 0; i < s.y.size() && i < nx; ++i)
        if (std::isfinite(s.y[i])) pts += num(X(i)) + "," + num(Y(s.y[i])) + " ";
      o << "<polyline fill=\"none\" stroke=\"" << col << "\" stroke-width=\"2\" points=\"" << pts << "\"/>\n";
      for (size_t i = 0; i < s.y.size() && i < nx; ++i)
        if (std::isfinite(s.y[i]))
          o << "<circle cx=\"" << num(X(i)) << "\" cy=\"" << num(Y(s.y[i])) << "\" r=\"3\" fill=\"" << col
            << "\"/>\n";
    }
  }
  const int ly = 40 + rows * ph + 10;
  for (size_t i = 0; i < names.size(); ++i) {
    const int lx = 20 + static_cast<int>(i % 4) * (width / 4);
    const int yy = ly + static_cast<int>(i / 4) * 24;
    const char* col = kPalette[i % (sizeof kPalette / sizeof *kPalette)];
    o << "<line x1=\"" << lx << "\" x2=\"" << lx + 24 << "\" y1=\"" << yy << "\" y2=\"" << yy << "\" stroke=\"" << col
      << "\" stroke-width=\"3\"/>\n";
    o << "<text x=\"" << lx + 30 << "\" y=\"" << yy + 4 << "\">" << esc(names[i]) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

std::string render_svg(const BarChart& c) {
  const int label_w = 260, bar_w = 520, right = 90, row_h = 30, top = 44;
  const int legend_rows = (static_cast<int>(c.segments.size()) + 2) / 3;
  const int width = label_w + bar_w + right;
  const int plot_h = row_h * static_cast<int>(c.rows.size());
  const int height = top + plot_h + 40 + 22 * legend_rows + 10;
  std::vector<double> total(c.rows.size(), 0.0);
  for (const auto& s : c.segments)
    for (size_t r = 0; r < c.rows.size() && r < s.y.size(); ++r)
      if (std::isfinite(s.y[r])) total[r] += s.y[r];
  const double vmax = std::max(1e-30, *std::max_element(total.begin(), total.end()));
  const double step = tick_step(vmax);
  const double xmax = std::ceil(vmax / step) * step;
  auto X = [&](double v) { return label_w + bar_w * v / xmax; };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << width / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" << esc(c.title)
    << "</text>\n";
  for (double v = 0.0; v <= xmax * (1 + 1e-9); v += step) {
    o << "<line x1=\"" << num(X(v)) << "\" y1=\"" << top << "\" x2=\"" << num(X(v)) << "\" y2=\"" << top + plot_h
      << "\" stroke=\"#ddd\"/>\n<text x=\"" << num(X(v)) << "\" y=\"" << top + plot_h + 15
      << "\" text-anchor=\"middle\">" << v << "</text>\n";
  }
  o << "<text x=\"" << num(X(xmax / 2)) << "\" y=\"" << top + plot_h + 32 << "\" text-anchor=\"middle\">"
    << esc(c.x_label) << "</text>\n";
  for (size_t r = 0; r < c.rows.size(); ++r) {
    const int y = top + static_cast<int>(r) * row_h;
    o << "<text x=\"" << label_w - 8 << "\" y=\"" << y + row_h / 2 + 4 << "\" text-anchor=\"end\">" << esc(c.rows[r])
      << "</text>\n";
    double at = 0.0;
    for (size_t si = 0; si < c.segments.size(); ++si) {
      const double v = r < c.segments[si].y.size() ? c.segments[si].y[r] : 0.0;
      if (!(v > 0.0)) continue;
      o << "<rect x=\"" << num(X(at)) << "\" y=\"" << y + 4 << "\" width=\"" << num(X(at + v) - X(at))
        << "\" height=\"" << row_h - 8 << "\" fill=\"" << kPalette[si % 10] << "\"><title>" << esc(c.segments[si].name)
        << ": " << v << "</title></rect>\n";
      at += v;
    }
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", total[r]);
    o << "<text x=\"" << num(X(at) + 6) << "\" y=\"" << y + row_h / 2 + 4 << "\">" << b << "</text>\n";
  }
  const int ly = top + plot_h + 50;
  for (size_t i = 0; i < c.segments.size(); ++i) {
    const int lx = 20 + static_cast<int>(i % 3) * (width / 3);
    const int yy = ly + static_cast<int>(i / 3) * 22;
    o << "<rect x=\"" << lx << "\" y=\"" << yy - 10 << "\" width=\"12\" height=\"12\" fill=\"" << kPalette[i % 10]
      << "\"/><text x=\"" << lx + 18 << "\" y=\"" << yy << "\">" << esc(c.segments[i].name) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

std::string render_svg(const ScatterChart& chart) {
  // Log axes: the chart is drawn in log10 units, the ticks labelled 10^k.
  ScatterChart c = chart;
  auto lg = [](double v) { return v > 0.0 ? std::log10(v) : NAN; };
  if (c.log_axes) {
    for (ScatterPoint& p : c.points) p.x = lg(p.x), p.y = lg(p.y);
    for (auto& r : c.x_refs) r.first = lg(r.first);
    for (auto& q : c.line) q = {lg(q.first), lg(q.second)};
  }
  const int width = 760, height = 480, ml = 70, mr = 30, mt = 40, mb = 110;
  const int pw = width - ml - mr, ph = height - mt - mb;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const ScatterPoint& p : c.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  for (const auto& r : c.x_refs) x0 = std::min(x0, r.first), x1 = std::max(x1, r.first);
  for (const auto& q : c.line)
    if (std::isfinite(q.first) && std::isfinite(q.second))
      x0 = std::min(x0, q.first), x1 = std::max(x1, q.first), y0 = std::min(y0, q.second), y1 = std::max(y1, q.second);
  if (!(x0 <= x1)) x0 = 0, x1 = 1;
  if (!(y0 <= y1)) y0 = 0, y1 = 1;
  const double xs = c.log_axes ? 1.0 : tick_step(std::max(x1 - x0, 1e-9));
  const double ys = c.log_axes ? 1.0 : tick_step(std::max(y1 - y0, 1e-9));
  auto tick = [&](double v) { return c.log_axes ? "1e" + std::to_string(static_cast<int>(std::lround(v))) : num(v); };
  x0 = std::floor(x0 / xs) * xs, x1 = std::ceil(x1 / xs) * xs + (x1 == x0 ? xs : 0);
  y0 = std::floor(y0 / ys) * ys, y1 = std::ceil(y1 / ys) * ys + (y1 == y0 ? ys : 0);
  auto X = [&](double v) { return ml + (v - x0) / (x1 - x0) * pw; };
  auto Y = [&](double v) { return mt + ph - (v - y0) / (y1 - y0) * ph; };
  std::vector<std::string> groups;
  for (const ScatterPoint& p : c.points)
    if (std::find(groups.begin(), groups.end(), p.group) == groups.end()) groups.push_back(p.group);
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">" << esc(c.title) << "</text>\n";
  o << "<rect x=\"" << ml << "\" y=\"" << mt << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"#444\"/>\n";
  for (double v = x0; v <= x1 + xs / 2; v += xs)
    o << "<line x1=\"" << num(X(v)) << "\" y1=\"" << mt << "\" x2=\"" << num(X(v)) << "\" y2=\"" << mt + ph
      << "\" stroke=\"#eee\"/><text x=\"" << num(X(v)) << "\" y=\"" << mt + ph + 15 << "\" text-anchor=\"middle\">"
      << tick(v) << "</text>\n";
  for (double v = y0; v <= y1 + ys / 2; v += ys)
    o << "<line x1=\"" << ml << "\" y1=\"" << num(Y(v)) << "\" x2=\"" << ml + pw << "\" y2=\"" << num(Y(v))
      << "\" stroke=\"#eee\"/><text x=\"" << ml - 6 << "\" y=\"" << num(Y(v) + 4) << "\" text-anchor=\"end\">"
      << tick(v) << "</text>\n";
  if (c.line.size() >= 2) {
    o << "<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"2\" points=\"";
    for (const auto& q : c.line)
      if (std::isfinite(q.first) && std::isfinite(q.second)) o << num(X(q.first)) << "," << num(Y(q.second)) << " ";
    o << "\"/>\n<text x=\"" << num(X(c.line.back().first) - 4) << "\" y=\"" << num(Y(c.line.back().second) - 6)
      << "\" text-anchor=\"end\" fill=\"#333\">" << esc(c.line_label) << "</text>\n";
  }
  for (const auto& r : c.x_refs)
    o << "<line x1=\"" << num(X(r.first)) << "\" y1=\"" << mt << "\" x2=\"" << num(X(r.first)) << "\" y2=\""
      << mt + ph << "\" stroke=\"#888\" stroke-dasharray=\"4 3\"/><text x=\"" << num(X(r.first) + 3) << "\" y=\""
      << mt + 12 << "\" fill=\"#555\">" << esc(r.second) << "</text>\n";
  for (const ScatterPoint& p : c.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    const size_t gi = static_cast<size_t>(std::find(groups.begin(), groups.end(), p.group) - groups.begin());
    const char* col = kPalette[gi % (sizeof kPalette / sizeof *kPalette)];
    o << "<circle cx=\"" << num(X(p.x)) << "\" cy=\"" << num(Y(p.y)) << "\" r=\"5\" fill=\"" << col
      << "\"/><text x=\"" << num(X(p.x) + 7) << "\" y=\"" << num(Y(p.y) - 6) << "\" font-size=\"10\">"
      << esc(p.label) << "</text>\n";
  }
  o << "<text x=\"" << ml + pw / 2 << "\" y=\"" << mt + ph + 34 << "\" text-anchor=\"middle\">" << esc(c.x_label)
    << "</text>\n<text transform=\"translate(16," << mt + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << esc(c.y_label) << "</text>\n";
  for (size_t i = 0; i < groups.size(); ++i) {
    const int lx = ml + static_cast<int>(i % 3) * 230, ly = mt + ph + 58 + static_cast<int>(i / 3) * 18;
    o << "<circle cx=\"" << lx + 5 << "\" cy=\"" << ly - 4 << "\" r=\"5\" fill=\""
      << kPalette[i % (sizeof kPalette / sizeof *kPalette)] << "\"/><text x=\"" << lx + 15 << "\" y=\"" << ly
      << "\">" << esc(groups[i]) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace amx::report
