// Loading of user YAML with bounded aliases, nesting and duplicate keys
// refused (amx/sim/yaml_load.hpp): a pass over the parser's events measures
// the document as a walk would see it, before yaml-cpp builds the nodes.
#include "amx/sim/yaml_load.hpp"

#include <map>
#include <set>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "amx/golden/error.hpp"

namespace amx::sim {

namespace {

class Measure : public YAML::EventHandler {
 public:
  Measure(const std::string& where, const YamlLimits& limits) : where_(where), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { leaf(m, anchor); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    if (!open_.empty() && open_.back().map && open_.back().keys_next) {
      if (!open_.back().keys.insert(value).second) {
        const std::string in = path();
        fail(m, fmt::format("key '{}' given twice{}", value, in.empty() ? "" : " (in " + in + ")"));
      }
      open_.back().key = value;
    }
    leaf(m, anchor);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    if (++aliases_ > limits_.max_aliases)
      fail(m, fmt::format("more than {} aliases", limits_.max_aliases));
    for (const Open& o : open_)
      if (o.anchor == anchor && anchor != 0) fail(m, "an alias refers to the node that contains it (a cycle)");
    const auto it = size_.find(anchor);
    if (it == size_.end()) fail(m, "an alias refers to an unknown anchor");
    if (!open_.empty() && open_.back().map && open_.back().keys_next)
      fail(m, "a map key is an alias (keys are plain names)");
    emit(m, it->second);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start(m, anchor, false);
  }
  void OnSequenceEnd() override { end(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    start(m, anchor, true);
  }
  void OnMapEnd() override { end(); }

 private:
  struct Open {
    YAML::anchor_t anchor = 0;
    bool map = false;
    YAML::Mark mark;
    bool keys_next = true;  // in a map: the next node is a key
    std::string key;        // in a map: the key of the entry being read
    uint64_t index = 0;     // in a sequence: the element being read
    uint64_t nodes = 1;     // the collection and its nodes so far, aliases expanded
    std::set<std::string> keys;
  };

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& what) const {
    throw Error(fmt::format("{}:{}: {}", where_, m.line + 1, what));
  }
  // A complete node of n nodes (aliases expanded) joins the collection it
  // is in; each count stays at most max_nodes, so none overflows.
  void emit(const YAML::Mark& m, uint64_t n) {
    uint64_t& into = open_.empty() ? total_ : open_.back().nodes;
    into += n;
    if (into > limits_.max_nodes)
      fail(m, fmt::format("more than {} nodes with its aliases expanded", limits_.max_nodes));
    if (!open_.empty() && open_.back().map) open_.back().keys_next = !open_.back().keys_next;  // key, value, key...
    if (!open_.empty() && !open_.back().map) ++open_.back().index;
  }
  // Where the innermost collection is, e.g. gemms[0].
  std::string path() const {
    std::string p;
    for (size_t i = 0; i + 1 < open_.size(); ++i)
      p += open_[i].map ? (p.empty() ? "" : ".") + open_[i].key : fmt::format("[{}]", open_[i].index);
    return p;
  }
  void leaf(const YAML::Mark& m, YAML::anchor_t anchor) {
    if (anchor) size_[anchor] = 1;
    emit(m, 1);
  }
  void start(const YAML::Mark& m, YAML::anchor_t anchor, bool map) {
    if (!open_.empty() && open_.back().map && open_.back().keys_next)
      fail(m, "a map key is a collection (keys are plain names)");
    if (static_cast<int>(open_.size()) >= limits_.max_depth)
      fail(m, fmt::format("nested deeper than {} levels", limits_.max_depth));
    Open o;
    o.anchor = anchor;
    o.map = map;
    o.mark = m;
    open_.push_back(std::move(o));
  }
  void end() {
    const Open o = std::move(open_.back());
    open_.pop_back();
    if (o.anchor) size_[o.anchor] = o.nodes;
    emit(o.mark, o.nodes);
  }

  const std::string& where_;
  const YamlLimits& limits_;
  std::vector<Open> open_;
  std::map<YAML::anchor_t, uint64_t> size_;
  uint64_t total_ = 0, aliases_ = 0;
};

}  // namespace

std::string yaml_where(const std::string& where, const YAML::Node& n) {
  return n.Mark().is_null() ? where : fmt::format("{}:{}", where, n.Mark().line + 1);
}

YAML::Node load_yaml(const std::string& text, const std::string& where, const YamlLimits& limits) {
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    Measure measure(where, limits);
    parser.HandleNextDocument(measure);
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}:{}: not YAML (nor JSON): {}", where, e.mark.line + 1, e.msg));
  }
}

}  // namespace amx::sim
