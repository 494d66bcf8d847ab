// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: security attributes.  A descriptor only carries the
 * permission bits a pipe or mailslot gets (NpMode); see npwin32.h.
 */
#include <string.h>

#include "win32_core.h"

#define ERROR_UNKNOWN_REVISION		1305
#define ERROR_INVALID_SECURITY_DESCR	1338

int w32_sa_inherit(const SECURITY_ATTRIBUTES *sa)
{
	return sa && sa->bInheritHandle;
}

/* Permission bits for the kernel; 0 is its default (the creator only). */
unsigned int w32_sa_mode(const SECURITY_ATTRIBUTES *sa)
{
	const SECURITY_DESCRIPTOR *sd;

	if (!sa || !sa->lpSecurityDescriptor)
		return 0;
	sd = sa->lpSecurityDescriptor;
	if (sd->Revision != SECURITY_DESCRIPTOR_REVISION)
		return 0;
	return sd->NpMode & 0777;
}

BOOL WINAPI InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR pSD,
					 DWORD dwRevision)
{
	if (!pSD)
		return w32_fail(ERROR_NOACCESS);
	if (dwRevision != SECURITY_DESCRIPTOR_REVISION)
		return w32_fail(ERROR_UNKNOWN_REVISION);
	memset(pSD, 0, sizeof(*pSD));
	pSD->Revision = SECURITY_DESCRIPTOR_REVISION;
	return TRUE;
}

BOOL WINAPI SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSD,
				      BOOL bDaclPresent, PVOID pDacl,
				      BOOL bDaclDefaulted)
{
	(void)bDaclDefaulted;
	if (!pSD)
		return w32_fail(ERROR_NOACCESS);
	if (pSD->Revision != SECURITY_DESCRIPTOR_REVISION)
		return w32_fail(ERROR_INVALID_SECURITY_DESCR);
	if (bDaclPresent) {
		pSD->Control |= SE_DACL_PRESENT;
		pSD->Dacl = pDacl;
		if (!pDacl)
			pSD->NpMode = 0666;	/* NULL DACL: everyone */
	} else {
		pSD->Control &= (WORD)~SE_DACL_PRESENT;
		pSD->Dacl = NULL;
		pSD->NpMode = 0;
	}
	return TRUE;
}

BOOL WINAPI NpSecurityDescriptorFromMode(PSECURITY_DESCRIPTOR pSD, DWORD mode)
{
	if (!pSD)
		return w32_fail(ERROR_NOACCESS);
	if (mode & ~0777U)
		return w32_fail(ERROR_INVALID_PARAMETER);
	memset(pSD, 0, sizeof(*pSD));
	pSD->Revision = SECURITY_DESCRIPTOR_REVISION;
	pSD->Control = SE_DACL_PRESENT;
	pSD->NpMode = mode;
	return TRUE;
}
