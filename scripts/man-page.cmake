# Writes the man page of one of wadi's programs from its own --help, at build
# time, so that the two cannot drift apart.
# cmake -DPROGRAM=path/to/index -DNAME=index -DSUMMARY="..." -DOUT=index.1 -P scripts/man-page.cmake
execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --help failed (${status}): cannot write ${OUT}")
endif()
execute_process(COMMAND "${PROGRAM}" --version OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
# roff: a backslash is written \e; a line starting with . or ' would be a request.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(TOUPPER "${NAME}" title)
file(WRITE "${OUT}"
  ".TH ${title} 1 \"\" \"${version}\" \"wadi\"\n"
  ".SH NAME\n${NAME} \\- ${SUMMARY}\n"
  ".SH DESCRIPTION\n"
  "The text of \\fB${NAME} --help\\fR, which this page is made from.\n"
  ".PP\n.nf\n${help}.fi\n"
  ".SH SEE ALSO\n${SEE_ALSO}\n")
