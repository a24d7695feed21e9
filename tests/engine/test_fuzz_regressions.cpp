// Every input the fuzzers (scripts/fuzz) ever crashed on, kept in tests/fuzz/regressions/ as
// <target>-<what>: each must now get a clean answer.
#include <catch2/catch.hpp>
#include <dirent.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "options.h"
#include "report.h"

namespace {
std::vector<std::string> regressions(const std::string& target) {
  const std::string dir = std::string(FIXTURES_DIR) + "/../fuzz/regressions";
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.rfind(target + "-", 0) == 0) out.push_back(dir + "/" + name);
    }
    ::closedir(d);
  }
  return out;
}
std::string bytesOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("scenario inputs the fuzzer crashed on are now reported as invalid with readable messages", "[fuzz]") {
  const auto files = regressions("scenario");
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file);
    const cs::Json v = cs::Json::parse(cs::validateJson(bytesOf(file)));  // valid JSON text
    CHECK(v["valid"] == false);
    CHECK_FALSE(v["errors"].empty());
  }
}

TEST_CASE("a parse error quoting half of a multi-byte character escapes the stray byte", "[fuzz]") {
  const cs::Json v = cs::Json::parse(cs::validateJson("{\n\xEF\xBB\xBF \"seed\": 1}"));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["message"].get<std::string>().find("\\xEF") != std::string::npos);
}

TEST_CASE("options inputs the fuzzer crashed on: a list read of a non-list option is refused", "[fuzz]") {
  for (const auto& file : regressions("options")) {
    const std::string bytes = bytesOf(file);
    std::vector<int> list;
    CHECK(cs::readIntegerList(cs::option::seed, bytes.substr(1), list));
    CHECK(list.empty());
  }
}
