#include "storefactory.h"

#include "etcdstore.h"
#include "memorystore.h"
#include "sqlitestore.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace tugboat::store {

Result<std::unique_ptr<Store>> openStore(const QString &url, const QString &dataDir, StoreOptions options)
{
    if (url == QLatin1String("memory"))
        return std::unique_ptr<Store>(std::make_unique<MemoryStore>(options));

    if (url == QLatin1String("sqlite") || url.startsWith(QLatin1String("sqlite:"))) {
        SqliteStore::Options sqlite;
        sqlite.path = QDir(dataDir).filePath(QStringLiteral("store.db"));
        if (url != QLatin1String("sqlite")) {
            const QUrl parsed(url);
            if (!parsed.path().isEmpty())
                sqlite.path = parsed.path();
            sqlite.syncFull = QUrlQuery(parsed).queryItemValue(QStringLiteral("sync")) == QLatin1String("full");
        }
        if (!QDir().mkpath(QFileInfo(sqlite.path).absolutePath()))
            return Error(ErrorCode::Internal, QStringLiteral("cannot create the directory of %1").arg(sqlite.path));
        auto store = SqliteStore::open(sqlite, options);
        if (!store)
            return store.error();
        return std::unique_ptr<Store>(std::move(store.value()));
    }

    if (url.startsWith(QLatin1String("etcd://"))) {
        const QStringList endpoints = url.mid(7).split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (endpoints.isEmpty())
            return Error(ErrorCode::BadRequest, QStringLiteral("--store %1: no etcd endpoint given").arg(url));
        auto store = EtcdStore::open(endpoints, options);
        if (!store)
            return store.error();
        return std::unique_ptr<Store>(std::move(store.value()));
    }

    return Error(
        ErrorCode::BadRequest,
        QStringLiteral("--store %1: unknown store; use sqlite, sqlite:///PATH, etcd://HOST:PORT or memory").arg(url));
}

} // namespace tugboat::store
