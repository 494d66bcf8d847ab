/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Differences between the kernels npipe builds for, one shim each, so that
 * the .c files never test versions.  Each names the kernel that made the
 * change and is keyed on the feature where it can be.
 */
#ifndef _NPIPE_COMPAT_H
#define _NPIPE_COMPAT_H

#include <linux/compiler_types.h>

/*
 * __counted_by (v6.6): Debian backported it into 6.1 (6.1.0-57 has it), but
 * the bookworm suite without its security updates still has 6.1.0-50,
 * which lacks it.  It only informs the compiler's bounds checks, so there
 * the annotation is dropped.
 */
#ifndef __counted_by
#define __counted_by(member)
#endif

#endif /* _NPIPE_COMPAT_H */
