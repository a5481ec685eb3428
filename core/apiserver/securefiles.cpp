#include "securefiles.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace tugboat::apiserver {

using api::Error;
using api::ErrorCode;
using api::Result;

namespace {
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerOnlyDir = kOwnerOnly | QFileDevice::ExeOwner;
} // namespace

Result<void> ensurePrivateDirectory(const QString &dir)
{
    if (!QDir().mkpath(dir))
        return Error(ErrorCode::Internal, QStringLiteral("cannot create directory %1").arg(dir));
    if (!QFile::setPermissions(dir, kOwnerOnlyDir))
        return Error(ErrorCode::Internal, QStringLiteral("cannot set mode 0700 on directory %1").arg(dir));
    return {};
}

Result<void> writePrivateFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::Internal, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // Before any byte is written: the temporary file may have been created with the umask's mode.
    if (!file.setPermissions(kOwnerOnly)) {
        file.cancelWriting();
        return Error(ErrorCode::Internal, QStringLiteral("cannot set mode 0600 on %1").arg(path));
    }
    if (file.write(data) != data.size() || !file.commit())
        return Error(ErrorCode::Internal, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Result<QByteArray> readSmallFile(const QString &path, qint64 maxBytes)
{
    QFile file(path);
    if (!file.exists())
        return Error(ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Internal, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > maxBytes)
        return Error(ErrorCode::RequestTooLarge, QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxBytes));
    QByteArray data = file.read(maxBytes + 1);
    if (data.size() > maxBytes)
        return Error(ErrorCode::RequestTooLarge, QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxBytes));
    return data;
}

Result<void> restrictToOwner(const QString &path)
{
    if (!QFile::setPermissions(path, kOwnerOnly))
        return Error(ErrorCode::Internal, QStringLiteral("cannot set mode 0600 on %1").arg(path));
    return {};
}

} // namespace tugboat::apiserver
