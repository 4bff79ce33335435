# Warnings applied to our own targets only (not to dependencies' headers).
function(mapsleuth_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  # GCC 12 reports -Wrestrict false positives inside libstdc++'s std::string concatenation at -O2
  # (GCC bug 105329); nothing of ours is involved.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(MAPSLEUTH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
