// Files that hold secrets (keys, tokens, kubeconfigs): owner-only modes and atomic replacement.
//
// Stateless; blocking file I/O, so call from a thread that may block (never one that serves requests).
#pragma once

#include "api/result.h"

#include <QByteArray>
#include <QString>

namespace tugboat::apiserver {

// Creates `dir` (and parents) if needed and sets its mode to 0700.
api::Result<void> ensurePrivateDirectory(const QString &dir);

// Replaces `path` with `data` atomically (QSaveFile: a reader sees the old or the new content, never a
// mix, and a crash leaves the old file), mode 0600 from the moment the file exists.
api::Result<void> writePrivateFile(const QString &path, const QByteArray &data);

// The whole file; NotFound when it does not exist. Files larger than `maxBytes` are refused.
api::Result<QByteArray> readSmallFile(const QString &path, qint64 maxBytes = 1024 * 1024);

// Sets mode 0600 on an existing file (a file restored from a backup may come back world-readable).
api::Result<void> restrictToOwner(const QString &path);

} // namespace tugboat::apiserver
