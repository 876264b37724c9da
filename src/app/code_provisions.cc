#include "app/code_provisions.h"

namespace charter {
namespace {

constexpr std::string_view kS1 = "1 Definition of a complaint";
constexpr std::string_view kS2 = "2 Exclusions";
constexpr std::string_view kS3 = "3 Accessibility and awareness";
constexpr std::string_view kS4 = "4 Complaint handling staff";
constexpr std::string_view kS5 = "5 The complaint handling process";
constexpr std::string_view kS6 = "6 Complaint stages";
constexpr std::string_view kS7 = "7 Putting things right";
constexpr std::string_view kS8 = "8 Self-assessment, reporting and compliance";
constexpr std::string_view kS9 = "9 Scrutiny and oversight";

const std::vector<CodeProvision> kProvisions = {
    {kS1, "1.2", "Use the Code's definition of a complaint: an expression of dissatisfaction, however made, about the standard of service, actions or lack of action by the landlord, its staff or those acting on its behalf, affecting a resident or group of residents."},
    {kS1, "1.3", "Whenever a resident expresses dissatisfaction, give them the choice to make a complaint; handle complaints made through a third party or representative under the same policy."},
    {kS1, "1.4", "Record, monitor and review service requests regularly; they are not complaints."},
    {kS1, "1.5", "Raise a complaint when the resident is dissatisfied with the response to a service request, even while the request is still being handled, and do not stop work on the request."},
    {kS1, "1.6", "Where residents are asked for wider feedback (surveys), give details of how to complain."},
    {kS2, "2.1", "Accept a complaint unless there is a valid reason not to; evidence the reasoning for any refusal; consider each complaint on its own merits."},
    {kS2, "2.2", "Set out in the policy, fairly and reasonably, when a matter will not be considered as a complaint or escalated."},
    {kS2, "2.3", "Accept complaints made within 12 months of the issue or of the resident becoming aware of it, and consider discretion for later complaints where there are good reasons."},
    {kS2, "2.4", "When a complaint is not accepted, explain why and tell the resident of their right to take the decision to the Ombudsman."},
    {kS2, "2.5", "Do not take a blanket approach to excluding complaints; consider the circumstances of each."},
    {kS3, "3.1", "Make it easy to complain through different channels, considering duties under the Equality Act 2010 and anticipating residents' needs and reasonable adjustments."},
    {kS3, "3.2", "Residents can complain in any way and to any member of staff; all staff know the process and can pass a complaint to the right person."},
    {kS3, "3.3", "Do not see high volumes of complaints as a negative; see them as a source of learning."},
    {kS3, "3.4", "Publish a clear, accessible complaints policy on the website, setting out the two stages, what happens at each and the timescales."},
    {kS3, "3.5", "Publicise the policy, the Ombudsman and the Code, including in regular resident communications."},
    {kS3, "3.6", "Let residents have a representative deal with their complaint and be represented or accompanied at any meeting."},
    {kS3, "3.7", "Tell residents of their right to access the Ombudsman and how they can engage with it about their complaint."},
    {kS4, "4.1", "Assign a person or team (the complaints officer) to take responsibility for complaint handling, including liaison with the Ombudsman and reporting complaints to the governing body."},
    {kS4, "4.2", "Give the complaints officer access to staff at all levels and the authority and autonomy to resolve disputes promptly and fairly."},
    {kS4, "4.3", "Train all relevant staff suitably in complaint handling and resource complaint handling properly."},
    {kS5, "5.1", "Have a single complaints policy; residents must not be treated differently because they complain."},
    {kS5, "5.2", "Have exactly two stages: no stage 0, informal complaint or other extra named stage."},
    {kS5, "5.3", "Never have more than two stages."},
    {kS5, "5.4", "Where a third party handles a response, it forms part of the two-stage process; residents do not go through two processes."},
    {kS5, "5.5", "Ensure third parties handle complaints in line with the Code."},
    {kS5, "5.6", "At each stage, set out the understanding of the complaint and the outcomes sought (the complaint definition), asking for clarification where unclear."},
    {kS5, "5.7", "When acknowledging at either stage, be clear which aspects the landlord is and is not responsible for."},
    {kS5, "5.8", "Handlers deal with complaints on their merits, act independently, give the resident a fair chance to set out their position, address conflicts of interest and consider all relevant evidence."},
    {kS5, "5.9", "Where a response will fall outside the Code's timescales, agree with the resident suitable intervals for keeping them informed."},
    {kS5, "5.10", "Make reasonable adjustments under the Equality Act 2010, record disclosed disabilities and agreed adjustments, and keep adjustments under active review."},
    {kS5, "5.11", "Do not refuse to escalate a complaint through all stages unless there are valid reasons, set out clearly and in line with section 2."},
    {kS5, "5.12", "Keep a full record of the complaint and the outcome at each stage: the original complaint and date received, all correspondence and supporting documents."},
    {kS5, "5.13", "Have processes so that a complaint can be remedied at any stage, without needing escalation."},
    {kS5, "5.14", "Have policies for managing unacceptable behaviour, evidence the reasons for any restriction and keep restrictions under regular review."},
    {kS5, "5.15", "Make any contact restriction proportionate, with regard to the Equality Act 2010."},
    {kS6, "6.1", "Have processes to decide which complaints can be resolved early and which need investigation, considering complexity and whether the resident is vulnerable or at risk."},
    {kS6, "6.2", "Acknowledge, define and log complaints at stage 1 within five working days of receipt."},
    {kS6, "6.3", "Respond at stage 1 within 10 working days of the acknowledgement."},
    {kS6, "6.4", "Decide and explain any stage 1 extension; an extension is no more than 10 working days without good reason."},
    {kS6, "6.5", "When a stage 1 response is extended, give the resident the Ombudsman's contact details."},
    {kS6, "6.6", "Send the stage 1 response when the answer is known, not when outstanding actions are complete; track outstanding actions and update the resident."},
    {kS6, "6.7", "At stage 1, address all points raised and give clear reasons, referring to relevant policy, law and good practice."},
    {kS6, "6.8", "Include related new issues in the stage 1 response when it has not been sent; otherwise log a new complaint."},
    {kS6, "6.9", "Give the stage 1 response in writing, in plain language: the stage, the complaint definition, the decision and reasons, any remedy, outstanding actions and how to escalate."},
    {kS6, "6.10", "Progress a complaint to stage 2 when all or part of it is not resolved to the resident's satisfaction at stage 1."},
    {kS6, "6.11", "Acknowledge, define and log stage 2 requests within five working days of the escalation request."},
    {kS6, "6.12", "Do not require residents to explain their reasons for escalating."},
    {kS6, "6.13", "The person considering the complaint at stage 2 is not the person who considered it at stage 1."},
    {kS6, "6.14", "Respond at stage 2 within 20 working days of the stage 2 acknowledgement."},
    {kS6, "6.15", "Decide and explain any stage 2 extension; an extension is no more than 20 working days without good reason."},
    {kS6, "6.16", "When a stage 2 response is extended, give the resident the Ombudsman's contact details."},
    {kS6, "6.17", "Send the stage 2 response when the answer is known, not when outstanding actions are complete; track outstanding actions and update the resident."},
    {kS6, "6.18", "At stage 2, address all points raised and give clear reasons, referring to relevant policy, law and good practice."},
    {kS6, "6.19", "Give the stage 2 (final) response in writing: the stage, the complaint definition, the decision and reasons, any remedy, outstanding actions and how to go to the Ombudsman."},
    {kS6, "6.20", "Stage 2 is the landlord's final response and involves all accountable parties."},
    {kS7, "7.1", "Where something has gone wrong, acknowledge it and set out the actions taken or intended to put things right."},
    {kS7, "7.2", "Any remedy reflects the impact on the resident of the fault found."},
    {kS7, "7.3", "A remedy offer sets out what will happen and by when, agreed with the resident where appropriate, and is followed through to completion."},
    {kS7, "7.4", "Take account of the Ombudsman's remedies guidance when deciding remedies."},
    {kS8, "8.1", "Produce an annual complaints performance and service improvement report: the self-assessment, performance analysis (with refusals), Ombudsman findings of non-compliance, service improvements, and the Ombudsman's reports on the landlord."},
    {kS8, "8.2", "Report the annual report to the governing body and publish it, with the governing body's response, on the complaints section of the website."},
    {kS8, "8.3", "Re-assess compliance after significant changes (mergers, acquisitions, business continuity) and tell the Ombudsman and residents of any exceptional non-compliance."},
    {kS9, "9.1", "Look beyond the individual complaint for service improvements."},
    {kS9, "9.2", "Use complaints as a source of intelligence to identify issues and improve services."},
    {kS9, "9.3", "Report back on wider learning and improvements to stakeholders such as residents' panels, staff and relevant committees."},
    {kS9, "9.4", "Appoint a suitably senior lead person accountable for complaint handling, who assesses themes and trends for systemic issues, risks and policies to revise."},
    {kS9, "9.5", "Appoint a member of the governing body to take lead responsibility for complaints (the Member Responsible for Complaints)."},
    {kS9, "9.6", "The Member Responsible for Complaints ensures the governing body receives regular information on complaints."},
    {kS9, "9.7", "The governing body receives regular updates on volumes, categories, outcomes and handling performance, including compliance with the Ombudsman's orders, and the annual report."},
    {kS9, "9.8", "Have a standard objective on complaint handling for relevant staff and third parties: collaboration, collective responsibility and professional standards."},
};

}  // namespace

const std::vector<CodeProvision>& codeMustProvisions() { return kProvisions; }

const CodeProvision* findCodeProvision(std::string_view provision) {
  for (const auto& p : kProvisions)
    if (p.provision == provision) return &p;
  return nullptr;
}

}  // namespace charter
