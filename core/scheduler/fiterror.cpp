#include "fiterror.h"

#include <QHash>

#include <algorithm>

namespace tugboat::scheduler {

namespace {

QString histogram(int numAllNodes, const QHash<QString, int> &reasons)
{
    QStringList lines;
    lines.reserve(reasons.size());
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
        lines << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    std::sort(lines.begin(), lines.end());
    QString out = QStringLiteral("0/%1 nodes are available:").arg(numAllNodes);
    if (!lines.isEmpty())
        out += QLatin1Char(' ') + lines.join(QLatin1String(", ")) + QLatin1Char('.');
    return out;
}

} // namespace

QString FitError::message() const
{
    QHash<QString, int> reasons;
    for (const auto &[node, status] : nodeStatuses)
        for (const QString &reason : status.reasons())
            ++reasons[reason];
    return histogram(numAllNodes, reasons);
}

QString FitError::messageWithPreemption() const
{
    QHash<QString, int> reasons;
    for (const auto &[node, status] : nodeStatuses)
        ++reasons[status.code() == Status::Code::Unschedulable
                      ? QStringLiteral("No preemption victims found for incoming pod")
                      : QStringLiteral("Preemption is not helpful for scheduling")];
    return message() + QLatin1String(" preemption: ") + histogram(int(nodeStatuses.size()), reasons);
}

QJsonObject unschedulableCondition(const QString &message, const QDateTime &now)
{
    return QJsonObject{
        {QLatin1String("type"), QLatin1String("PodScheduled")},
        {QLatin1String("status"), QLatin1String("False")},
        {QLatin1String("lastProbeTime"), QJsonValue::Null},
        {QLatin1String("lastTransitionTime"), now.toUTC().toString(Qt::ISODate)},
        {QLatin1String("reason"), QLatin1String("Unschedulable")},
        {QLatin1String("message"), message},
    };
}

} // namespace tugboat::scheduler
