// A numeric command-line option both programs read the same way: a whole
// number within stated bounds, else one usage line naming the option.
#pragma once

#include <string>

#include <boost/program_options.hpp>

namespace wadi {

// The value of the integer option `name` (declared as po::value<long long>),
// or `fallback` when it was not given. Throws po::error naming the option and
// its range when the value lies outside [low, high].
inline long long bounded_option(const boost::program_options::variables_map& vm, const std::string& name,
                                long long low, long long high, long long fallback) {
  if (!vm.count(name)) return fallback;
  const long long value = vm[name].as<long long>();
  if (value < low || value > high)
    throw boost::program_options::error("--" + name + " takes a whole number from " + std::to_string(low) + " to " +
                                        std::to_string(high) + ", not " + std::to_string(value));
  return value;
}

}  // namespace wadi
