/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <conio.h> for Windows-style sources built against libnp: _getch,
 * _getche, _kbhit, _putch, _ungetch on the controlling terminal
 * (declared and documented in nptchar.h), and their old names.
 */
#ifndef LIBNP_WIN32_CONIO_H
#define LIBNP_WIN32_CONIO_H

#include <nptchar.h>

#define getch		_getch
#define getche		_getche
#define kbhit		_kbhit
#define putch		_putch
#define ungetch		_ungetch

#endif /* LIBNP_WIN32_CONIO_H */
