/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libnp internals shared by np.c and win32.c; nothing here is exported. */
#ifndef LIBNP_INTERNAL_H
#define LIBNP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct npipe_info;
struct npipe_mailslot_info;

int npi_is_control_fd(int fd);
uint64_t npi_now_ns(void);
int npi_name(const char *path, char want, char *buf, const char **name,
	     size_t *len);
int npi_create(const char *name, size_t len, unsigned int flags,
	       unsigned int max_instances, unsigned int out_quota,
	       unsigned int in_quota, uint64_t default_timeout_ns,
	       unsigned int mode);
int npi_open(const char *name, size_t len, unsigned int flags);
int npi_wait(const char *name, size_t len, int use_default, uint64_t deadline);
int npi_get_info(int fd, struct npipe_info *ki);
int npi_mailslot_create(const char *name, size_t len, unsigned int max_msg,
			uint64_t timeout_ns, unsigned int mode);
int npi_mailslot_open(const char *name, size_t len, unsigned int flags);
int npi_mailslot_info(int fd, struct npipe_mailslot_info *ki);
int npi_mailslot_set_timeout(int fd, uint64_t timeout_ns);

#endif
