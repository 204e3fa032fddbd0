"""Routes of the results area: each part registers its routes on the reports blueprint."""

from program_planner.reports import (  # noqa: F401
    models,  # noqa: F401
    views_dashboard,
    views_engagement,
    views_excel,
    views_learning,
    views_report,
    views_selected,
)
from program_planner.reports.annual import views as annual_views  # noqa: F401
