// A temporary directory for one test, removed with everything in it when the test ends.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace mapsleuth::testing_support {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix = "mapsleuth") {
    std::string tmpl = ::testing::TempDir() + prefix + "-XXXXXX";
    root_ = ::mkdtemp(tmpl.data());
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);  // never follows symlinks
  }

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const { return root_ + "/" + rel; }

  /// Writes `content` to `rel` (creating its directories); returns the file's path.
  std::string write(const std::string& rel, const std::string& content) const {
    std::filesystem::create_directories(std::filesystem::path(path(rel)).parent_path());
    std::ofstream(path(rel), std::ios::binary) << content;
    return path(rel);
  }
  void mkdir(const std::string& rel) const { std::filesystem::create_directories(path(rel)); }

 private:
  std::string root_;
};

}  // namespace mapsleuth::testing_support
