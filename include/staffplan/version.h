/* version.h - release version */
#ifndef STAFFPLAN_VERSION_H
#define STAFFPLAN_VERSION_H
#define SP_VERSION "0.1.0"
#endif
