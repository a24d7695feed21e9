// Every input the fuzzers (scripts/fuzz) ever crashed on, kept in tests/fuzz/regressions/ as
// <target>-<what>: each must now get a clean answer.
#include <catch2/catch.hpp>
#include <dirent.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "call_history.h"
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

TEST_CASE("options inputs the fuzzer crashed on are read or refused within their option's range", "[fuzz]") {
  // As tests/fuzz/fuzz_options.cpp reads them: the first byte picks the option.
  const cs::IntegerOption* const options[] = {
      &cs::option::seed, &cs::option::until_minute, &cs::option::horizon_days, &cs::option::runs,
      &cs::option::first_run, &cs::option::campaign, &cs::option::retries, &cs::option::waits};
  const auto files = regressions("options");
  REQUIRE(files.size() >= 2);
  for (const auto& file : files) {
    INFO(file);
    const std::string bytes = bytesOf(file);
    const cs::IntegerOption& o = *options[static_cast<unsigned char>(bytes[0]) % 8];
    long long v = -1;
    if (auto error = cs::readInteger(o, bytes.substr(1), v)) CHECK(error->path == o.flag);
    else CHECK((v >= o.lo && v <= o.hi));
    std::vector<int> list;
    if (auto error = cs::readIntegerList(o, bytes.substr(1), list)) CHECK(list.empty());
    for (int x : list) CHECK((x >= o.lo && x <= o.hi));
  }
}

TEST_CASE("a 20-digit option value is out of range, not an overflow", "[fuzz]") {
  long long v = 0;
  const auto error = cs::readInteger(cs::option::runs, "99999999999999999999", v);
  REQUIRE(error);
  CHECK(error->message == "must be a whole number from 1 to 100000, found \"99999999999999999999\"");
  CHECK_FALSE(cs::readInteger(cs::option::runs, "0000000000000000000000042", v));
  CHECK(v == 42);
}

TEST_CASE("call histories the fuzzer crashed on are refused with messages the shells can print", "[fuzz]") {
  // As tests/fuzz/fuzz_history.cpp reads them: the first byte is flags, the rest the CSV.
  const auto files = regressions("history");
  REQUIRE(files.size() >= 2);
  for (const auto& file : files) {
    INFO(file);
    const std::string bytes = bytesOf(file);
    try {
      cs::readCallHistory(bytes.substr(1));
      FAIL("expected the file to be refused");
    } catch (const cs::InputError& e) {
      REQUIRE_FALSE(e.errors.empty());
      cs::Json list = cs::Json::array();
      for (const auto& err : e.errors) list.push_back({{"path", err.path}, {"message", err.message}});
      CHECK_NOTHROW(list.dump());  // valid UTF-8: nlohmann refuses to print anything else
      CHECK(e.errors[0].path == "history");
    }
  }
}

TEST_CASE("a call history that is not UTF-8 says so, naming UTF-16 for a spreadsheet's Unicode export", "[fuzz]") {
  auto message = [](const std::string& text) {
    try {
      cs::readCallHistory(text);
    } catch (const cs::InputError& e) {
      return e.errors.at(0).path + ": " + e.errors.at(0).message;
    }
    return std::string("no error");
  };
  const std::string utf16 = bytesOf(std::string(FIXTURES_DIR) + "/../fuzz/regressions/history-utf16le-export.bin").substr(1);
  CHECK_THAT(message(utf16), Catch::StartsWith("history: the call history must be UTF-8") && Catch::Contains("UTF-16LE"));
  CHECK_THAT(message("call_id,st\xDE\xDE" "atus\n"), Catch::StartsWith("history: the call history must be UTF-8: invalid byte 0xDE at line 1"));
  try {
    cs::parseColumnMap("status=Outc\xFFome");
    FAIL("expected the map to be refused");
  } catch (const cs::InputError& e) {
    CHECK(e.errors.at(0).path == "--columns");
    CHECK_THAT(e.errors.at(0).message, Catch::StartsWith("the column map must be UTF-8"));
  }
}

TEST_CASE("a NUL byte in a call history is named with its line", "[fuzz]") {
  static const char text[] = "call_id,status,ended_at\nc1,bu\0sy,2026-12-07T09:00\n";
  try {
    cs::readCallHistory(std::string(text, sizeof text - 1));
    FAIL("expected an error");
  } catch (const cs::InputError& e) {
    CHECK(e.errors.at(0).message == "the call history contains a NUL byte (0x00) at line 2, column 6; text files have none");
  }
}
