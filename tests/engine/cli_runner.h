// Runs the campaign-sim CLI as a user would (arguments, standard input) for the CLI tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string fixture(const std::string& name) { return std::string(FIXTURES_DIR) + "/" + name; }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs campaign-sim with arguments (shell-quoted by the caller) and optional standard input.
CliResult cli(const std::string& args, const std::string& input = "") {
  const std::string in_path = "/tmp/campaign-sim-test-in-" + std::to_string(::getpid());
  const std::string err_path = "/tmp/campaign-sim-test-err-" + std::to_string(::getpid());
  std::ofstream(in_path, std::ios::binary) << input;
  const std::string command = std::string(CLI_PATH) + " " + args + " < " + in_path + " 2> " + err_path;
  CliResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = readFile(err_path);
  std::remove(in_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

}  // namespace
