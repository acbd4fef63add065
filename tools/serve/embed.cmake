# Embeds a file as a C byte array (cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake):
# the page stays a plain HTML file in the source tree and needs no tool beyond CMake.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" arr "${arr}")
file(WRITE ${OUT} "/* Generated from ${IN} by embed.cmake: edit that file instead. */\n"
     "#include <stddef.h>\n"
     "extern const unsigned char ${NAME}[];\nextern const size_t ${NAME}_len;\n"
     "const unsigned char ${NAME}[] = {\n${arr}0x00};\n"
     "const size_t ${NAME}_len = ${len};\n")
