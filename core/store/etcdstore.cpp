#include "etcdstore.h"

namespace tugboat::store {

Result<std::unique_ptr<EtcdStore>> EtcdStore::open(const QStringList &, StoreOptions)
{
    return Error(ErrorCode::Unavailable, QStringLiteral("the etcd backend is not built yet"));
}

} // namespace tugboat::store
