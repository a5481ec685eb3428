// Opens the store a --store URL names:
//   sqlite                          the embedded default, <data-dir>/store.db
//   sqlite:///PATH[?sync=full]      a given file; sync=full fsyncs every commit
//   etcd://HOST:PORT[,HOST:PORT]    an etcd v3 cluster through its JSON gateway
//   memory                          nothing on disk (tests)
#pragma once

#include "store.h"

namespace tugboat::store {

Result<std::unique_ptr<Store>> openStore(const QString &url, const QString &dataDir, StoreOptions options = {});

} // namespace tugboat::store
