#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* Must precede <ncurses.h>: enables the wide-character API (cchar_t, setcchar,
   mvwadd_wch). SwiftPM drops pkg-config's -D flags, so they are defined here. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* ncurses globals are mutable C variables, which Swift 6 rejects as not
   concurrency-safe; read them through functions instead. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }

/* Macros Swift cannot import. */
static inline int cn_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }

/* wcwidth() hides behind __USE_XOPEN in glibc and is not visible from Swift's Glibc module. */
extern int wcwidth(wchar_t c);
static inline int cn_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
#endif
