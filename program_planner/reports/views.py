"""Routes of the results area: each part registers its routes on the reports blueprint."""

from program_planner.reports import models  # noqa: F401
from program_planner.reports import views_dashboard, views_excel, views_report  # noqa: F401
