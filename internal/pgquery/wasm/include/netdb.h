/*
 * PostgreSQL's libpq/pqcomm.h and replication/walreceiver.h include netdb.h
 * for declarations the parser never uses; WASI has none.
 */
#ifndef ARCHVET_NETDB_H
#define ARCHVET_NETDB_H

#define NI_MAXHOST 1025

#endif
