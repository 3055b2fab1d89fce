#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "store/postmortemstore.h"

#include <QAbstractListModel>

#include <optional>
#include <vector>

namespace aftermath::desktop {

// An incident's root causes in their order, over the store: adding, removing, moving and
// rewording one is written at once and moves rows with precise signals. Shown numbered ("1. …").
class RootCauseModel : public QAbstractListModel {
    Q_OBJECT

public:
    explicit RootCauseModel(QObject* parent = nullptr);

    // The causes of incident `incidentId` of `store` (not owned), or none for nullptr. Reloads.
    void setIncident(store::PostmortemStore* store, std::optional<qint64> incidentId);
    // Reads the causes again (resets the model).
    Result<void> reload();

    // Adds a cause at `row` (the end when nullopt); returns its row.
    Result<int> addCause(const QString& text, std::optional<int> row = std::nullopt);
    Result<void> removeCause(int row);
    // Moves the cause in `from` to `to` (both below rowCount()).
    Result<void> moveCause(int from, int to);
    // Several people at once: each change is based on the text this model holds for the cause, and
    // the store refuses it when the cause reads otherwise now (Error::Code::Conflict). A refused
    // removal or move shows the causes as they are now, with writeFailed(); a refused rewording is
    // left to the user (rewordConflicted), who may write theirs over it:
    Result<void> rewordOver(int position, const QString& theirs, const QString& mine);

    const model::RootCause& causeAt(int row) const;
    const std::vector<model::RootCause>& causes() const { return m_causes; }

    int rowCount(const QModelIndex& parent = {}) const override;
    // Qt::DisplayRole is numbered ("2. No retry limit"); Qt::EditRole is the text alone.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Rewords a cause (it keeps its place). False, with writeFailed(), when the store refuses.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void writeFailed(const QString& message);
    // Rewording the cause at `position` to `mine` was refused: someone else changed it.
    void rewordConflicted(int position, const QString& mine, const Error& conflict);
    // Each change written to the store, by row (the postmortem's undo stack records them).
    void causeAdded(int row, const QString& text);
    void causeReworded(int row, const QString& before, const QString& after);
    void causeRemoved(int row, const QString& text);
    void causeMoved(int from, int to);

private:
    // Reports a failed write and passes it on; after a conflict, shows the causes as they are now.
    std::unexpected<Error> refused(const Error& error);
    // Renumbers the rows from `first` to `last` after a move.
    void renumber(int first, int last);

    store::PostmortemStore* m_store = nullptr;
    std::optional<qint64> m_incidentId;
    std::vector<model::RootCause> m_causes;
};

} // namespace aftermath::desktop
