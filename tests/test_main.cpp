#define BOOST_TEST_MODULE wadi
#include <boost/test/unit_test.hpp>
