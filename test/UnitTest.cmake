# nasir_unit_test(TARGET TEST NAME SOURCES file... LIBS lib...): a GoogleTest
# executable and the ctest entry NAME that runs it. Without GoogleTest the
# unit tests are skipped (the lit suite still runs).
find_package(GTest)

function(nasir_unit_test target)
  cmake_parse_arguments(ARG "" "TEST" "SOURCES;LIBS" ${ARGN})
  if(NOT GTest_FOUND)
    message(STATUS "GoogleTest not found: ${ARG_TEST} is not built")
    return()
  endif()
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  add_test(NAME ${ARG_TEST} COMMAND ${target})
endfunction()
