// Reading a command line the way both programs do: their listed options,
// any number of positional arguments, --help and --version.
#pragma once

#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace wadi {

// Stores `args` (without the program's name) into `vm`: the options
// `listed`, and every other argument as the string list option `positional`.
// Throws po::error for an unknown option or a bad value.
inline void store_arguments(const std::vector<std::string>& args, const boost::program_options::options_description& listed,
                            const char* positional, boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()(positional, po::value<std::vector<std::string>>()->default_value({}, ""), "");
  po::options_description all;
  all.add(listed).add(hidden);
  po::positional_options_description positions;
  positions.add(positional, -1);
  po::store(po::command_line_parser(args).options(all).positional(positions).run(), vm);
}

// Answers --help (the options `listed`, then `help_tail`) or --version
// ("`program` (wadi) `version`") on stdout; returns whether it did, and so
// whether the program is done.
inline bool answered_help_or_version(const boost::program_options::variables_map& vm,
                                     const boost::program_options::options_description& listed, const std::string& program,
                                     const std::string& help_tail, const std::string& version) {
  if (vm.count("help")) {
    std::cout << listed << help_tail;
    return true;
  }
  if (vm.count("version")) {
    std::cout << program << " (wadi) " << version << '\n';
    return true;
  }
  return false;
}

}  // namespace wadi
