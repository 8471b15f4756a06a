"""Wording shared by the Data Uses Register's pages: field labels and what each facet value means."""

from __future__ import annotations

from regsite.render import urls

AGREEMENTS_PER_PAGE = 100


FIELD_LABELS = {
    "reference": "Reference number",
    "status": "Status",
    "title": "Application title",
    "applicant": "Applicant organisation",
    "organisation_type": "Applicant organisation type",
    "controllers": "Data controllers",
    "controller_basis": "Sole or joint data controller",
    "start_date": "Start date",
    "end_date": "End date",
    "sublicensing": "Sublicensing applies",
    "commercial": "For commercial purposes",
    "objective": "Objective for processing",
    "activities": "Processing activities",
    "expected_output": "Expected outputs",
    "expected_benefits": "Expected measurable benefits",
    "yielded_benefits": "Yielded benefits",
    "dataset": "Dataset",
    "type_of_data": "Type of data",
    "sensitivity": "Sensitive or non-sensitive",
    "frequency": "Frequency",
    "legal_basis": "Legal basis",
    "confidentiality": "Common law duty of confidentiality",
    "file_reference": "File reference",
    "opt_outs": "Patient opt-outs applied",
    "month_released": "Month released",
}


FACET_EXPLANATIONS = {
    "commercial": {
        "Yes": "whose applicant said the data is for commercial purposes",
        "No": "whose applicant said the data is not for commercial purposes",
    },
    "sublicensing": {
        "Yes": "that allow the data to be sublicensed (shared onwards)",
        "No": "that do not allow the data to be sublicensed",
    },
    "status": {
        "Active": "whose latest version had not ended on the edition date",
        "Expired": "whose latest version had ended by the edition date",
    },
}


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", urls.home()), *items]
