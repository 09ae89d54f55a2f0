// messages.ts: every word the plugin's pages show, in one catalogue (English complete). Calm and
// plain: someone opening these pages may be having the worst week of their career. Pages use
// t(key, values) and label(group, value); a missing key is a type error, not a blank.

export const messages = {
  'page.myAssignments': 'My assignments',
  'page.logContact': 'Log a contact',
  'page.myTraining': 'My training',
  'page.conflicts': 'Declare a conflict',
  'page.leave': 'Take leave from the team',
  'page.agreement': 'Confidentiality agreement',
  'page.pipeline': 'Selection pipeline',
  'page.incident': 'Critical incident',
  'page.trainingCompliance': 'Training compliance',
  'page.trainingImport': 'Import training records',
  'page.reviews': 'Reviews',
  'page.coverage': 'Team coverage',
  'page.readiness': 'Program readiness',
  'page.directorySync': 'Directory sync',
  'page.attestations': 'Standing attestations',
  'page.chooseSupporter': 'Choose a peer supporter',
  'page.volunteer': 'Volunteer as a peer supporter',
  'page.declineSupporter': 'Decline your assigned peer supporter',
  'page.statistics': 'Program statistics',
  'page.auditChain': 'Verify the audit log',
  'page.systemStatus': 'System status',
  'page.programStatus': 'Peer support program',

  'common.problem': 'There is a problem',
  'common.errorPrefix': 'Error:',
  'common.loading': 'Loading…',
  'common.working': 'Working on it. This can take a moment.',
  'common.none': 'None',
  'common.nothingYet': 'nothing to show yet',
  'common.choose': 'Choose one',
  'common.cancel': 'Cancel',

  'error.forbidden':
    'Your role cannot do this. If you think it should, ask your program coordinator.',
  'error.sessionExpired': 'You have been signed out. Sign in again, then try once more.',
  'error.hostUnavailable':
    'The system could not be reached. Nothing was saved. Try again in a minute.',

  'col.action': 'Action',
  'col.answer': 'Answer',
  'col.category': 'Kind',
  'col.change': 'Change',
  'col.checkInBy': 'Check in by',
  'col.choose': 'Assign',
  'col.citation': 'Source',
  'col.course': 'Course or topic',
  'col.date': 'Date',
  'col.detail': 'Detail',
  'col.division': 'Division',
  'col.employees': 'Employees',
  'col.field': 'Field',
  'col.group': 'Group',
  'col.hours': 'Hours this period',
  'col.incident': 'Incident',
  'col.kind': 'Kind of work',
  'col.name': 'Name',
  'col.overdueSince': 'Overdue since',
  'col.people': 'People',
  'col.person': 'Person',
  'col.problem': 'Problem',
  'col.psp': 'Peer supporter',
  'col.psps': 'Peer supporters',
  'col.row': 'Row',
  'col.rule': 'Rule',
  'col.shift': 'Shift',
  'col.since': 'Since',
  'col.status': 'Status',
  'col.title': 'Title or rank',
  'col.total': 'Total',
  'col.waitingSince': 'Waiting since',

  'field.category': 'What kind of support was it?',
  'field.conflictKind': 'What is the connection?',
  'field.csv': 'Training records (CSV)',
  'field.employee': 'Employee number',
  'field.incident': 'Incident number',
  'field.minutes': 'How many minutes did it take?',
  'field.plannedReturn': 'When do you plan to come back? (optional)',
  'field.referrals': 'Did you refer them to anyone? Tick all that apply.',

  'hint.csv': 'Paste the export from your learning system, with its header line.',
  'hint.date': 'For example, 2024-03-31.',
  'hint.employee': 'For example, E000123. You will find it in the message from your coordinator.',
  'hint.incidentEmployee':
    'A number, for example 3. It is in the message telling you who was assigned.',
  'hint.minutes': 'A whole number from 1 to 1440.',

  'psp.assignmentsLead':
    'These are the people you have been asked to support. Let your coordinator know you have the request, then check in with each person in the time shown.',
  'psp.assignmentsCaption': 'Your assignments',
  'psp.noAssignments': 'You have no open assignments. Your coordinator will let you know.',
  'psp.shift': '{shift} shift',
  'psp.dueIn': '{when} ({hours} hours left)',
  'psp.late': '{when}: the check-in is late',
  'psp.acknowledge': 'I have the request',
  'psp.acknowledged': 'Thank you. Your coordinator can see that you have the request.',
  'psp.checkIn': 'I have checked in',
  'psp.checkedIn': 'Recorded: you have checked in. Nothing about the conversation is kept.',
  'psp.incidentMissing': 'Enter the incident number, a whole number such as 3',
  'psp.employeeMissing': 'Enter the employee number, for example E000123',
  'psp.limitsTitle': 'The limits of confidentiality',
  'psp.limitsIntro':
    'Before you talk, tell the person what stays between you and what does not. Under your agency’s rules, confidentiality has these limits:',
  'psp.protection': 'Is it privileged in court?',
  'psp.profile':
    'From the jurisdiction profile in force: {profile}. Your coordinator can tell you more.',
  'psp.logAContact': 'Log a contact',

  'contact.lead':
    'Record that you supported someone. Only the kind of support, the time it took and any referral are kept: never who it was, and never what was said.',
  'contact.categoryMissing': 'Choose what kind of support it was',
  'contact.minutesInvalid': 'Enter the minutes as a whole number from 1 to 1440',
  'contact.logged': 'The contact is logged. Thank you.',
  'contact.referralPrompt':
    'You have supported this person several times. Consider offering a referral to a clinician.',
  'contact.submit': 'Log the contact',

  'training.status': 'Status',
  'training.period': 'Period',
  'training.ends': 'ends',
  'training.hours': 'Hours',
  'training.hoursOf': '{done} of {required} hours this period',
  'training.outstanding': 'Hours still needed',
  'training.missingTopics': 'Topics you have not covered yet',
  'training.onLeave': 'You are on leave: no training is due while you are away.',
  'training.overdueLead': 'Peer supporters behind on their training, as of {date}.',
  'training.overdueCaption': 'Peer supporters behind on training',

  'conflict.lead':
    'If you know someone in a way that would make supporting them difficult, declare it here. You will not be assigned to them. Nobody is told why.',
  'conflict.caption': 'Your declared conflicts',
  'conflict.newTitle': 'Declare a new conflict',
  'conflict.submit': 'Declare the conflict',
  'conflict.declared': 'Declared. You will not be assigned to this person.',
  'conflict.withdraw': 'Withdraw',
  'conflict.withdrawn': 'The declaration is withdrawn.',

  'leave.lead':
    'You can step back from the team for a while. You do not need to give a reason. While you are away you will not be assigned and no training is due.',
  'leave.start': 'Start my leave',
  'leave.started': 'Your leave has started. Take the time you need.',
  'leave.dateInvalid': 'Enter the date as year-month-day, for example 2024-03-31',
  'leave.backTitle': 'Coming back',
  'leave.backLead': 'When you are ready, let the team know you are back.',
  'leave.end': 'I am back',
  'leave.ended': 'Welcome back. You can be assigned again.',

  'agreement.none': 'There is no agreement to sign yet.',
  'agreement.version': 'Version {version}',
  'agreement.confirm': 'I have read this agreement and I agree to it',
  'agreement.confirmMissing': 'Tick the box to say you have read the agreement and agree to it',
  'agreement.sign': 'Sign the agreement',
  'agreement.signed': 'You have signed the agreement.',
  'agreement.alreadySigned': 'You have signed this version.',

  'pipeline.lead': 'Everyone in selection, by step, with what each step is waiting for.',

  'incident.show': 'Show the incident',
  'incident.summary': '{involved} people involved. {uncovered} have no peer supporter yet.',
  'incident.caption': 'People involved in incident {incident}',
  'incident.noProposal': 'No peer supporter is free of conflicts. Ask a partner agency.',
  'incident.proposalDetail': '{shift} shift, {category}, {open} open',
  'incident.assignFirst': 'Assign the first',
  'incident.assignChosen': 'Assign the ticked people',
  'incident.noneChosen': 'Tick at least one person to assign',
  'incident.assigned': 'Assigned {count}. Each peer supporter has been asked to check in.',
  'incident.hoursLeft': '{hours} hours left to check in',
  'incident.pastWindow': 'The check-in window has passed',
  'incident.onTime': 'On time',
  'incident.late': 'Late',
  'involved.uncovered': 'No peer supporter yet',
  'involved.declined': 'Declined their peer supporter',
  'involved.covered': 'Peer supporter assigned',
  'involved.checked_in': 'Checked in',
  'reassign.on_leave': 'Their peer supporter went on leave',
  'reassign.resigned': 'Their peer supporter resigned',
  'reassign.under_review': 'Their peer supporter is under review',
  'reassign.deselected': 'Their peer supporter left the team',

  'import.lead':
    'Bring in attendance from your learning system. Check the file first: nothing is written until you import.',
  'import.csvMissing': 'Paste the training records to import',
  'import.preview': 'Check the file',
  'import.previewReady': 'Here is what would be imported. Nothing has been written yet.',
  'import.submit': 'Import',
  'import.done': 'The records are imported.',
  'import.result': 'What was imported',
  'import.previewTitle': 'What the import would do',
  'import.willImport': 'Records to import',
  'import.imported': 'Records imported',
  'import.unchanged': 'Already recorded (no change)',
  'import.rejected': 'Rows rejected',
  'import.recordsCaption': 'The first records, by employee number',
  'import.rejectedCaption':
    'Rows rejected, and why (fix them and check again; nothing is imported while any is rejected)',
  'import.dropped': 'Columns the program does not keep, dropped: {fields}',

  'reviews.lead': 'Peer supporters under a deselection review.',
  'reviews.caption': 'Open reviews',

  'coverage.headcount': 'Employees',
  'coverage.psps': 'Active peer supporters',
  'coverage.target': 'Target',
  'coverage.targetValue': 'one peer supporter for every {n} employees',
  'coverage.belowTarget': 'Groups below target',
  'coverage.caption': 'Coverage by group',

  'readiness.summary': '{met} of {total} requirements met ({profile}).',
  'readiness.caption': 'Requirements',

  'sync.lead':
    'Bring the directory up to date from the HR system. Only the fields the program needs are kept; the rest are dropped and listed below.',
  'sync.preview': 'Check what would change',
  'sync.previewReady':
    'Here is what the sync would change. Nothing has been written yet: check it, then sync.',
  'sync.fixFirst':
    'The sync would be refused as it stands. Fix the rows and problems below in the HR system, then check again.',
  'sync.submit': 'Sync now',
  'sync.done': 'The directory is up to date.',
  'sync.previewTitle': 'What would change',
  'sync.resultTitle': 'What changed',
  'sync.caption': 'Changes',
  'sync.added': 'Added',
  'sync.updated': 'Updated',
  'sync.removed': 'Removed',
  'sync.unchanged': 'Unchanged',
  'sync.total': 'In the directory',
  'sync.droppedTitle': 'Fields dropped',
  'sync.droppedLead': 'The HR system sent these fields. The program does not keep them.',
  'sync.noneDropped': 'No fields were dropped.',
  'sync.rejectedTitle': 'Rows rejected',
  'sync.noneRejected': 'No rows were rejected.',
  'sync.rejectedCaption': '{count} rows rejected (the first are listed)',
  'sync.screenedTitle': 'Not stored: these fields carried words the agency screens out',
  'sync.problemsCaption': 'Problems in the org chart',
  'sync.warningsCaption': '{count} people kept with a field the export did not give',

  'attest.lead':
    'These volunteers are waiting for HR to say whether they are in good standing. Answer yes or no. No reason is asked for or kept.',
  'attest.caption': 'Waiting for an attestation',
  'attest.yes': 'In good standing',
  'attest.no': 'Not in good standing',
  'attest.recorded': 'Recorded for {name}.',

  'choose.lead':
    'These peer supporters are available to you. Anyone in your own chain of command is left out.',
  'choose.private':
    'Contact the person you choose directly. Nobody is told that you looked at this page.',
  'choose.caption': 'Peer supporters available to you',

  'volunteer.lead':
    'Peer supporters are colleagues trained to listen and help after a hard call or a hard time.',
  'volunteer.stepsTitle': 'What happens next',
  'volunteer.step1': 'Two colleagues recommend you.',
  'volunteer.step2': 'HR confirms you are in good standing (yes or no, nothing more).',
  'volunteer.step3': 'You meet a panel that includes a licensed clinician.',
  'volunteer.step4': 'You sign the confidentiality agreement and complete the initial training.',
  'volunteer.start': 'Volunteer',
  'volunteer.check': 'You are about to volunteer. You can withdraw at any time.',
  'volunteer.confirm': 'Yes, volunteer',
  'volunteer.done': 'Thank you for volunteering. The coordinator will be in touch.',

  'decline.lead':
    'You do not have to talk to the peer supporter you were given. Decline, and the coordinator will offer someone else if you want. You do not need to say why.',
  'decline.submit': 'Decline this peer supporter',
  'decline.done': 'Done. This peer supporter will not contact you.',

  'stats.lead': 'Anonymous figures from {from} to {to}. Nobody can be identified from them.',
  'stats.suppressionNote':
    'Counts below {threshold}, and any figure they could be worked out from, are hidden and shown as “hidden”.',
  'stats.suppressed': 'hidden',
  'stats.suppressedWhy': 'Hidden because a small count could identify someone',
  'stats.chartLabel': 'Bar chart: {title}',

  'audit.lead':
    'Every change is written to a chained audit log. Checking the chain shows whether any entry was altered or removed.',
  'audit.verify': 'Check the audit log',
  'audit.intact': 'The audit log is intact: {count} entries checked.',
  'audit.broken': 'The audit log has been altered at entry {seq}: {problem}',

  'system.pluginTitle': 'Plugin',
  'system.plugin': 'Plugin',
  'system.abi': 'ABI version',
  'system.healthTitle': 'Health',
  'system.status': 'Status',
  'system.agency': 'Agency',
  'system.storage': 'Storage',
  'system.schema': 'schema {version}',
  'system.employees': 'Employees in the directory',
  'system.lastSync': 'Last directory sync',
  'system.maintenanceTitle': 'Maintenance',
  'system.maintenanceLead':
    'Sends training notices, checks for late check-ins and removes what is past its retention date. The host normally runs this on a schedule.',
  'system.runMaintenance': 'Run maintenance now',
  'system.maintenanceDone': 'Maintenance has run.',
  'system.notificationsSent': '{count} notifications sent.',

  'panel.status': 'Peer support program: {status} since {since}.',
  'panel.notInProgram': 'Not in the peer support program.',

  'status.nominated': 'Nominated',
  'status.awaiting_recommendations': 'Waiting for recommendations',
  'status.awaiting_standing': 'Waiting for HR’s attestation',
  'status.awaiting_interview': 'Waiting for an interview',
  'status.awaiting_decision': 'Waiting for a decision',
  'status.awaiting_agreement': 'Waiting to sign the agreement',
  'status.awaiting_training': 'Waiting for initial training',
  'status.active': 'Active',
  'status.on_leave': 'On leave',
  'status.under_review': 'Under review',
  'next.nominated': 'Next: the nominee accepts or declines.',
  'next.awaiting_recommendations': 'Next: two colleagues recommend them.',
  'next.awaiting_standing': 'Next: HR attests good standing.',
  'next.awaiting_interview': 'Next: an interview panel with a clinician.',
  'next.awaiting_decision': 'Next: the coordinator decides.',
  'next.awaiting_agreement': 'Next: they sign the confidentiality agreement.',
  'next.awaiting_training': 'Next: they complete initial training.',
  'next.active': 'Serving on the team.',
  'next.on_leave': 'Away for now; they end their leave when ready.',
  'next.under_review': 'Next: the review is decided.',

  'assignment.assigned': 'Waiting for the peer supporter',
  'assignment.acknowledged': 'Acknowledged',
  'assignment.checked_in': 'Checked in',
  'assignment.declined': 'Declined',

  'compliance.compliant': 'Up to date',
  'compliance.due_soon': 'Due soon',
  'compliance.overdue': 'Overdue',
  'compliance.lapsed': 'Lapsed',

  'readiness.met': 'Met',
  'readiness.not_met': 'Not met',
  'readiness.not_tracked': 'Not tracked',

  'category.sworn': 'Sworn',
  'category.civilian': 'Civilian',
  'category.dispatcher': 'Dispatcher',

  'conflict.family': 'Family',
  'conflict.friend': 'Close friend',
  'conflict.prior_relationship': 'Past relationship',
  'conflict.financial': 'Money or business',
  'conflict.other': 'Something else',

  'contact.on_scene_support': 'Support on scene',
  'contact.post_critical_incident': 'After a critical incident',
  'contact.hospital_visitation': 'Hospital visit',
  'contact.death_notification': 'Death notification',
  'contact.family_support': 'Family support',
  'contact.relationship_issues': 'Relationships',
  'contact.career_issues': 'Career',
  'contact.substance_abuse_eap': 'Alcohol or drugs (EAP)',

  'referral.clinician': 'A clinician',
  'referral.chaplain': 'A chaplain',
  'referral.another_psp': 'Another peer supporter',
  'referral.eap': 'The employee assistance program',
  'referral.substance_abuse_program': 'A substance abuse program',
  'referral.medical': 'Medical care',
  'referral.other': 'Someone else',
} as const;

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in values ? String(values[name]) : `{${name}}`,
  );
}

// The words for one of the plugin's codes (a status, a category); the code itself when the
// catalogue has none, so a newer plugin's value still shows.
export function label(group: string, value: string): string {
  const key = `${group}.${value}`;
  return key in messages ? messages[key as MessageKey] : value.replace(/_/g, ' ');
}
