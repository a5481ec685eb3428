// The etcd v3 backend, through etcd's JSON gateway (/v3/kv/*, /v3/watch) over QtNetwork.
#pragma once

#include "store.h"

namespace tugboat::store {

class EtcdStore : public Store {
public:
    // endpoints: "HOST:PORT" each. Fails if none answers.
    static Result<std::unique_ptr<EtcdStore>> open(const QStringList &endpoints, StoreOptions options = {});
};

} // namespace tugboat::store
