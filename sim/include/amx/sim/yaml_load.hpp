// The one way amx loads a YAML (or JSON) file a user gives it: workloads
// and technology files.  yaml-cpp builds aliases as shared nodes, so a
// self-referencing alias is a cycle and nested aliases multiply the nodes a
// walk visits; this layer refuses both before any walk, bounds the nesting,
// and refuses a map that gives a key twice (yaml-cpp keeps both and answers
// a lookup with the first, ignoring the second silently).
#pragma once

#include <cstdint>
#include <string>

#include <yaml-cpp/yaml.h>

namespace amx::sim {

struct YamlLimits {
  int max_depth = 64;               // nested collections
  uint64_t max_nodes = 1u << 20;    // nodes with every alias expanded
  uint64_t max_aliases = 1000;
};

// Parses text (named `where` in messages, e.g. a path) as one YAML
// document; an amx::Error names where:line and the problem.
YAML::Node load_yaml(const std::string& text, const std::string& where, const YamlLimits& limits = {});

// "where:line" of a node, or where when the node has no position.
std::string yaml_where(const std::string& where, const YAML::Node& n);

}  // namespace amx::sim
