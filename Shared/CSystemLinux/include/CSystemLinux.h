// Linux system interfaces that Swift's Glibc module does not expose:
// epoll(7), eventfd(2), timerfd_create(2), signalfd(2) and getrandom(2).
#ifndef C_SYSTEM_LINUX_H
#define C_SYSTEM_LINUX_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <signal.h>
#include <spawn.h>

/// `sigaddset` and friends are macros on some libcs; these wrappers give
/// Swift a callable symbol.
static inline int csl_sigaddset(sigset_t *set, int signo) { return sigaddset(set, signo); }
static inline int csl_sigemptyset(sigset_t *set) { return sigemptyset(set); }

/// accept4(2) is a GNU extension, declared only under _GNU_SOURCE.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
static inline int csl_accept4(int fd, int flags) { return accept4(fd, 0, 0, flags); }

#endif
