# write_installed_manifest.cmake: run by `cmake --install` (and CPack) right after the library is
# installed. It writes the manifest beside the INSTALLED library with psp-write-manifest, so the
# SHA-256 is that of the bytes a host will open, whatever the install step did to them (--strip,
# RPATH rewriting). Inputs (set by packaging/CMakeLists.txt's install(CODE)): PSP_PLUGIN_DIR,
# PSP_WRITE_MANIFEST, PSP_LIBRARY_FILE, PSP_MANIFEST_TEMPLATE, PSP_MANIFEST_NAME, PSP_UI_SUBDIR (the
# screens' bundle folder beside the library, whose files the manifest lists with their SHA-256).
set(manifest "${PSP_PLUGIN_DIR}/${PSP_MANIFEST_NAME}")
message(STATUS "Writing: ${manifest} (SHA-256 of the installed ${PSP_LIBRARY_FILE})")
execute_process(
  COMMAND "${PSP_WRITE_MANIFEST}" --library "${PSP_PLUGIN_DIR}/${PSP_LIBRARY_FILE}"
    --template "${PSP_MANIFEST_TEMPLATE}" --out "${manifest}"
    --ui-dir "${PSP_PLUGIN_DIR}/${PSP_UI_SUBDIR}"
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "psp-write-manifest failed on the installed library:\n${output}")
endif()
# Listed in install_manifest.txt like every other installed file.
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${manifest}")
