// A typed column value, for the records API that returns numbers and
// arrays rather than ps's strings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace psnode::core {

struct Value {
  enum class Kind { kNull, kNumber, kString, kStrings, kNumbers };

  Kind kind = Kind::kNull;
  double number = 0;
  std::string text;
  std::vector<std::string> strings;
  std::vector<double> numbers;

  static Value Null() { return {}; }
  static Value Number(double n) {
    Value v;
    v.kind = Kind::kNumber;
    v.number = n;
    return v;
  }
  static Value String(std::string s) {
    Value v;
    v.kind = Kind::kString;
    v.text = std::move(s);
    return v;
  }
  static Value Strings(std::vector<std::string> list) {
    Value v;
    v.kind = Kind::kStrings;
    v.strings = std::move(list);
    return v;
  }
  static Value Numbers(std::vector<double> list) {
    Value v;
    v.kind = Kind::kNumbers;
    v.numbers = std::move(list);
    return v;
  }
};

}  // namespace psnode::core
