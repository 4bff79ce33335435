# STYLE R1: a folder includes only folders to its left. reports/model.h is the one exception
# (plain data every library may use), and analyzer/main.cpp, the executable. Fails the configure
# step on a rightward include.
set(_order parsers reconstruct analyzer reports)
foreach(_i RANGE 0 3)
  list(GET _order ${_i} _dir)
  file(GLOB _files "${CMAKE_SOURCE_DIR}/${_dir}/*.h" "${CMAKE_SOURCE_DIR}/${_dir}/*.cpp")
  # The executable's main.cpp links all four libraries (STYLE R1), so it may include them all.
  list(FILTER _files EXCLUDE REGEX "/analyzer/main\\.cpp$")
  math(EXPR _next "${_i} + 1")
  foreach(_j RANGE ${_next} 3)
    if(_j GREATER 3)
      break()
    endif()
    list(GET _order ${_j} _right)
    foreach(_f IN LISTS _files)
      file(STRINGS "${_f}" _bad REGEX "#include \"${_right}/")
      list(FILTER _bad EXCLUDE REGEX "#include \"reports/model.h\"")
      if(_bad)
        message(FATAL_ERROR "layering: ${_f} includes ${_right}/ (only folders to the left): ${_bad}")
      endif()
    endforeach()
  endforeach()
endforeach()
