# Warnings applied to our own targets only (not to dependencies' headers).
function(mapsleuth_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(MAPSLEUTH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
